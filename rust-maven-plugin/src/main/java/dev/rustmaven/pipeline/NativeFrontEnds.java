package dev.rustmaven.pipeline;

import dev.rustmaven.link.NativeFrontEnd;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.toolchain.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The native linker front end per compiler in this JVM, so that the modules of a reactor build it once: the
 * executable, or why it could not be built (the JVM front end links then; the build log warns of it once).
 */
final class NativeFrontEnds {

    private NativeFrontEnds() {}

    /** A compiler of the native front end: its cache, rustc, and {@code rustc -vV}. */
    private record Key(Path cacheRoot, Path rustc, String version) {}

    /** The native front end built, or why not. */
    private record Result(Optional<Path> executable, String failure) {}

    private static final Map<Key, Result> KNOWN = new HashMap<>();

    /**
     * The native front end of {@code frontEnd}, compiled with the toolchain's rustc unless this JVM or the cache has
     * it; empty when it cannot be built.
     */
    static Optional<Path> executable(NativeFrontEnd frontEnd, Toolchain toolchain, Path crateDirectory, BuildLog log)
            throws BuildException {
        Key key = new Key(
                frontEnd.cacheRoot(), toolchain.rustc(), toolchain.info().toString());
        synchronized (KNOWN) {
            Result known = KNOWN.get(key);
            // One deleted since (a JVM that outlives builds, such as mvnd's) is built again.
            if (known != null && known.executable().map(Files::isRegularFile).orElse(true)) {
                if (known.executable().isPresent()) {
                    log.debug("Reusing the native linker front end "
                            + known.executable().get());
                } else {
                    // Warned once per Maven run: the other modules of a reactor do not try (and warn) again.
                    log.debug("The native linker front end was not built earlier in this build, so links go through"
                            + " the JVM front end: " + known.failure());
                }
                return known.executable();
            }
            Result result;
            try {
                NativeFrontEnd.Built built = frontEnd.build(toolchain.rustc(), key.version(), crateDirectory);
                if (built.compiled()) {
                    log.info("Compiled the native linker front end into " + built.executable());
                } else {
                    log.debug("Reusing the native linker front end " + built.executable());
                }
                result = new Result(Optional.of(built.executable()), null);
            } catch (IOException e) {
                log.warn("The native linker front end could not be built with " + toolchain.rustc() + ", so links go"
                        + " through the JVM front end, which starts a JVM for every link (about 0.1 s each): "
                        + e.getMessage());
                result = new Result(Optional.empty(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw BuildException.environment("Interrupted while compiling the native linker front end", e);
            }
            KNOWN.put(key, result);
            return result.executable();
        }
    }
}
