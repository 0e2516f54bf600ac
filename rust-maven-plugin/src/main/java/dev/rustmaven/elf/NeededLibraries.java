package dev.rustmaven.elf;

import dev.rustmaven.triple.Target.Libc;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The shared libraries ({@code DT_NEEDED}) an output may need on its target.
 *
 * <p>A Rust output needs only its C library: for glibc targets rustc links {@code libc.so.6}, {@code libm.so.6},
 * {@code libgcc_s.so.1} and, below glibc 2.34, {@code libpthread.so.0}, {@code libdl.so.2}, {@code librt.so.1} and
 * {@code libutil.so.1} (all of them on every Raspberry Pi OS), and the dynamic loader, which holds
 * {@code __tls_get_addr}. Musl outputs are static and need nothing. Anything else comes from the crate itself,
 * and is allowed only when a build script declared it ({@code cargo:rustc-link-lib=NAME}, which cargo reports):
 * then the crate states that it needs the library at run time, as the {@code cc} crate does with
 * {@code stdc++} for C++ code. A library only a linker or a {@code #[link]} attribute added is refused, because
 * nothing in the build says that the Pi has it.
 *
 * @param system the libraries every output of the target may need, by file name
 * @param declared the libraries build scripts declared, by link name ({@code z} for {@code libz.so.1})
 */
public record NeededLibraries(Set<String> system, Set<String> declared) {

    /** What rustc links for a glibc target, besides the target's dynamic loader. */
    public static final List<String> GLIBC = List.of(
            "libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libutil.so.1", "libgcc_s.so.1");

    public NeededLibraries {
        system = Set.copyOf(system);
        declared = Set.copyOf(declared);
    }

    /**
     * The libraries outputs for a target with this C library may need.
     *
     * @param dynamicLinker the target's program interpreter ({@code /lib/ld-linux-armhf.so.3}), empty if unknown
     */
    public static NeededLibraries forLibc(Libc libc, String dynamicLinker) {
        Set<String> system = new LinkedHashSet<>();
        if (libc == Libc.GNU) {
            system.addAll(GLIBC);
            if (!dynamicLinker.isEmpty()) {
                system.add(dynamicLinker.substring(dynamicLinker.lastIndexOf('/') + 1));
            }
        }
        return new NeededLibraries(system, Set.of());
    }

    /** These libraries with {@code declared} the link names build scripts declared. */
    public NeededLibraries withDeclared(Set<String> names) {
        return new NeededLibraries(system, names);
    }

    /** Whether an output may need {@code library}, a {@code DT_NEEDED} entry. */
    public boolean allows(String library) {
        return system.contains(library) || declaredBy(library);
    }

    /**
     * Whether a build script declared {@code library}: {@code -lNAME} finds {@code libNAME.so}, whose SONAME is
     * {@code libNAME.so} or {@code libNAME.so.<version>}; a verbatim name stands for itself.
     */
    public boolean declaredBy(String library) {
        for (String name : declared) {
            String file = "lib" + name + ".so";
            if (library.equals(name) || library.equals(file) || library.startsWith(file + ".")) {
                return true;
            }
        }
        return false;
    }

    /** The system libraries in a stable order, for messages. */
    public List<String> systemSorted() {
        return system.stream().sorted().toList();
    }
}
