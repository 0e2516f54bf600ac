package dev.rustmaven.loader;

import dev.rustmaven.loader.cache.CacheRoots;
import dev.rustmaven.loader.cache.ChecksumMismatchException;
import dev.rustmaven.loader.cache.LibraryCache;
import dev.rustmaven.loader.cache.NoexecProbe;
import dev.rustmaven.loader.platform.Host;
import dev.rustmaven.loader.platform.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Copies a class path library into the first cache directory that can hold loadable code, and
 * loads it from there. A directory that cannot be written, sits on a noexec mount, or whose copy
 * the dynamic loader cannot map is skipped for the next one.
 */
final class Extractor {

    private final Host host;
    private final LoadOptions options;
    private final Linker linker;
    private final CacheRoots cacheRoots;
    private final NoexecProbe noexecProbe;

    Extractor(Host host, Platform platform, LoadOptions options, Linker linker) {
        this.host = host;
        this.options = options;
        this.linker = linker;
        this.cacheRoots = new CacheRoots(host, platform.os());
        this.noexecProbe = new NoexecProbe(host, platform.os());
    }

    /**
     * Extracts and loads one triple's library.
     *
     * @param sha256 the library's sha256 (64 lower-case hex digits): its cache directory, and what
     *     the copy is verified against
     * @param size the library's size in bytes from its properties, or -1 if unknown (then the cached copy is
     *     hashed on every load)
     * @param beforeLoad says why the verified copy must not be loaded, or null if it may; or null
     * @return the loaded copy, or null after recording why there is none
     */
    Path extractAndLoad(
            String triple,
            String fileName,
            final URL url,
            String sha256,
            long size,
            Function<Path, String> beforeLoad,
            LoadReport report) {
        // An anonymous class, not url::openStream: no method reference on the start path (see Linker).
        LibraryCache.Content content = new LibraryCache.Content() {
            @Override
            public InputStream open() throws IOException {
                return url.openStream();
            }
        };
        boolean hashAlways = hashAlways();
        for (Path root : cacheRoots.inOrder(
                options.cacheDirectory(), host.property(NativeLoader.PROPERTY_PREFIX + "cacheDir"))) {
            // The warm path: a sealed copy of the right size, all the user's own, is loaded without more ado.
            LibraryCache.Entry entry = hashAlways ? null : LibraryCache.reuse(root, sha256, fileName, size);
            if (entry == null) {
                String noexec = noexecProbe.reason(root);
                if (noexec != null) {
                    report.rejected(triple, root.toString(), "cache directory skipped: " + noexec);
                    continue;
                }
                try {
                    entry = install(root, sha256, fileName, size, hashAlways, content);
                } catch (ChecksumMismatchException e) {
                    // The resource itself is wrong: another directory would get the same bytes.
                    report.rejected(triple, url.toString(), "sha256 mismatch: " + e.getMessage());
                    return null;
                } catch (IOException | RuntimeException e) {
                    report.rejected(triple, root.toString(), "cache directory unusable: " + e);
                    continue;
                }
            }
            String refused = beforeLoad == null ? null : beforeLoad.apply(entry.file());
            if (refused != null) {
                // the same bytes in another directory would be refused the same way
                report.rejected(triple, entry.file().toString(), refused);
                return null;
            }
            String failure = linker.tryLoad(entry.file());
            String repairedAfter = null;
            if (failure != null && entry.outcome() == LibraryCache.Outcome.REUSED && !hashAlways) {
                // A reused copy was trusted by its seal and size, not read: a damaged one is hashed, replaced
                // from the class path and loaded once more.
                LibraryCache.Entry repaired = repair(root, sha256, fileName, size, content);
                if (repaired != null && repaired.outcome() != LibraryCache.Outcome.REUSED) {
                    repairedAfter = failure;
                    entry = repaired;
                    failure = linker.tryLoad(entry.file());
                }
            }
            if (failure == null) {
                report.cacheOutcome(describe(entry.outcome())
                        + (repairedAfter == null
                                ? ""
                                : " (the cached copy had failed to load: " + repairedAfter + ")"));
                return entry.file();
            }
            // What dlopen says about a noexec mount that mountinfo did not show: another directory may do.
            if (failure.contains("failed to map segment") || failure.contains("Operation not permitted")) {
                report.rejected(triple, entry.file().toString(), "load failed, the directory looks noexec: " + failure);
                continue;
            }
            report.rejected(triple, entry.file().toString(), "load failed: " + failure);
            return null;
        }
        return null;
    }

    private static LibraryCache.Entry install(
            Path root, String sha256, String fileName, long size, boolean hashAlways, LibraryCache.Content content)
            throws IOException {
        LibraryCache.prepareRoot(root);
        return LibraryCache.install(root, sha256, fileName, size, hashAlways, content);
    }

    /** The copy hashed and, if it is damaged, replaced; null if that fails (the load failure is reported). */
    private static LibraryCache.Entry repair(
            Path root, String sha256, String fileName, long size, LibraryCache.Content content) {
        try {
            return install(root, sha256, fileName, size, true, content);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Hash the cached copy on every load: {@link LoadOptions.Builder#verifyAlways} or {@code verify=always}. */
    private boolean hashAlways() {
        if (options.verifyAlways() != null) {
            return options.verifyAlways();
        }
        return "always".equalsIgnoreCase(host.property(NativeLoader.PROPERTY_PREFIX + "verify"));
    }

    private static String describe(LibraryCache.Outcome outcome) {
        // if, not a switch on the enum: that compiles to one more class to load on every start
        if (outcome == LibraryCache.Outcome.REUSED) {
            return "reused the verified copy in the cache";
        }
        if (outcome == LibraryCache.Outcome.REPLACED) {
            return "extracted to the cache, replacing a damaged or untrusted copy";
        }
        return "extracted to the cache";
    }
}
