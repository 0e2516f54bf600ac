package dev.rustmaven.link;

import dev.rustmaven.system.HostSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the LLD that links: an explicit path (the plugin's {@code linker} parameter), else the
 * {@code rust-lld} shipped in the compiler's sysroot ({@code <sysroot>/lib/rustlib/<host>/bin}), else
 * {@code rust-lld} or {@code ld.lld} on {@code PATH}. When none is found the caller fetches one.
 */
public final class LldLocator {

    /**
     * A found LLD.
     *
     * @param path the executable
     * @param origin where it was found, for the build log
     */
    public record Located(Path path, String origin) {}

    private final List<Path> searchPath;
    private final String exeSuffix;

    /**
     * @param searchPath the directories of {@code PATH}, in order
     * @param exeSuffix {@code .exe} on Windows, else empty
     */
    public LldLocator(List<Path> searchPath, String exeSuffix) {
        this.searchPath = List.copyOf(searchPath);
        this.exeSuffix = exeSuffix;
    }

    /** A locator for {@code host}'s {@code PATH}. */
    public static LldLocator forHost(HostSystem host) {
        return new LldLocator(host.pathDirectories(), host.exeSuffix());
    }

    /**
     * Looks for LLD.
     *
     * @param explicit the path the user configured, if any; it must exist
     * @param sysroot the compiler's sysroot ({@code rustc --print sysroot}), if known
     * @param hostTriple the compiler's host triple ({@code rustc -vV})
     * @return the LLD found, empty when there is none
     * @throws IllegalArgumentException when {@code explicit} does not name an executable file
     */
    /** The origin of an LLD the caller named; the caller may say how the user named it. */
    public static final String EXPLICIT = "the configured linker";

    public Optional<Located> locate(Optional<Path> explicit, Optional<Path> sysroot, String hostTriple) {
        if (explicit.isPresent()) {
            Path path = explicit.get();
            if (!isExecutable(path)) {
                throw new IllegalArgumentException(path + " is not an executable file; point it at rust-lld or"
                        + " ld.lld, or remove it to use the compiler's rust-lld");
            }
            return Optional.of(new Located(path.toAbsolutePath(), EXPLICIT));
        }
        if (sysroot.isPresent()) {
            Path candidate = sysroot.get()
                    .resolve("lib")
                    .resolve("rustlib")
                    .resolve(hostTriple)
                    .resolve("bin")
                    .resolve("rust-lld" + exeSuffix);
            if (isExecutable(candidate)) {
                return Optional.of(new Located(candidate, "the compiler's sysroot " + sysroot.get()));
            }
        }
        for (String name : List.of("rust-lld", "ld.lld")) {
            for (Path dir : searchPath) {
                Path candidate = dir.resolve(name + exeSuffix);
                if (isExecutable(candidate)) {
                    return Optional.of(new Located(candidate.toAbsolutePath(), "PATH (" + dir + ")"));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isExecutable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
