package dev.rustmaven.pipeline;

import dev.rustmaven.cc.TargetHeaders;
import dev.rustmaven.config.Setting;
import dev.rustmaven.config.SettingNames;
import dev.rustmaven.triple.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The root directory that gives a target its C headers, glibc's start files and the C++ library: the
 * user's sysroot setting when there is one, else a root the plugin installs from Debian's packages for
 * the target's architecture (glibc's or musl's development files, the kernel headers, GCC's C++ library).
 */
final class CRoots implements CSetup.Roots {

    /** Installs Debian packages of one architecture into a root directory and returns it. */
    interface Installer {
        /**
         * @param debianArchitecture {@code armhf}, {@code arm64}, ...
         * @param packages the packages to install; a name may end in {@code -*-dev} style patterns the
         *     installer resolves (see {@link #GNU_PACKAGES})
         */
        Path install(String debianArchitecture, List<String> packages) throws BuildException;
    }

    /**
     * What a glibc target's root holds: glibc's headers and start files, the kernel's headers, and GCC's C++
     * headers and library (the {@code *} is the newest GCC version the archive has).
     */
    static final List<String> GNU_PACKAGES =
            List.of("libc6-dev", "linux-libc-dev", "libgcc-*-dev", "libstdc++-*-dev", "libstdc++6");

    /** What a musl target's root holds: musl's headers and the kernel's headers. */
    static final List<String> MUSL_PACKAGES = List.of("musl-dev", "linux-libc-dev");

    private final Optional<Path> sysroot;
    private final Installer installer;
    private final SettingNames names;
    private final Map<String, TargetHeaders> installed = new HashMap<>();

    CRoots(Optional<Path> sysroot, Installer installer, SettingNames names) {
        this.sysroot = sysroot;
        this.installer = installer;
        this.names = names;
    }

    @Override
    public synchronized TargetHeaders headers(Target target) throws BuildException {
        if (sysroot.isPresent()) {
            Path root = sysroot.get();
            boolean musl = target.isMusl()
                    && Files.isDirectory(root.resolve("usr/include").resolve(target.debianMultiarch()));
            return new TargetHeaders(root, musl);
        }
        String arch = target.debianArchitecture()
                .orElseThrow(() -> BuildException.configuration("The plugin knows no Debian architecture for "
                        + target + ", so it cannot install its C headers: set " + names.name(Setting.SYSROOT)
                        + " to a root directory with the target's headers (usr/include)."));
        List<String> packages = target.isMusl() ? MUSL_PACKAGES : GNU_PACKAGES;
        String key = arch + (target.isMusl() ? "/musl" : "/gnu");
        TargetHeaders headers = installed.get(key);
        if (headers == null) {
            headers = new TargetHeaders(installer.install(arch, packages), target.isMusl());
            installed.put(key, headers);
        }
        return headers;
    }

    /** Whether the root comes from the user's sysroot setting. */
    boolean fromUser() {
        return sysroot.isPresent();
    }
}
