package dev.rustmaven.loader.cache;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Run in a child JVM by {@link LibraryCacheTest}: installs one content into fresh cache roots
 * {@code <root>/round-<n>} from several threads, racing the other JVM doing the same.
 *
 * <p>Arguments: root, content file, rounds, threads. Prints {@code ok <extracted> <reused>}.
 */
public final class CacheStressMain {

    private CacheStressMain() {}

    public static void main(String[] args) throws Exception {
        Path root = Paths.get(args[0]);
        byte[] content = Files.readAllBytes(Paths.get(args[1]));
        int rounds = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        String sha = LibraryCache.sha256(new ByteArrayInputStream(content));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        int extracted = 0;
        int reused = 0;
        try {
            for (int r = 0; r < rounds; r++) {
                Path roundRoot = root.resolve("round-" + r);
                List<Future<LibraryCache.Entry>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        LibraryCache.prepareRoot(roundRoot);
                        return LibraryCache.install(
                                roundRoot, sha, "libstress.so", () -> new ByteArrayInputStream(content));
                    }));
                }
                for (Future<LibraryCache.Entry> f : results) {
                    LibraryCache.Entry e = f.get();
                    if (!LibraryCache.matches(e.file(), sha)) {
                        throw new AssertionError(
                                "round " + r + ": " + e.file() + " does not have the expected content");
                    }
                    if (e.outcome() == LibraryCache.Outcome.REUSED) {
                        reused++;
                    } else {
                        extracted++;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("ok " + extracted + " " + reused);
    }
}
