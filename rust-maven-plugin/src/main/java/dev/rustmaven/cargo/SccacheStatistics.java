package dev.rustmaven.cargo;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counters of an sccache server that say what its cache served, read from {@code sccache --show-stats}
 * (the text form, which every sccache release prints with the same labels). The counters belong to the
 * server, so the difference of two readings is what the server did in between, for every client it served.
 *
 * @param hits compilations served from the cache
 * @param misses cacheable compilations that were compiled (and stored)
 * @param notCacheable calls sccache passed to the compiler without caching (links, crate types it cannot cache)
 */
public record SccacheStatistics(long hits, long misses, long notCacheable) {

    /** The command line that prints the statistics (and starts the server when none runs). */
    public static List<String> commandLine(String program) {
        return List.of(program, "--show-stats");
    }

    private static final Pattern COUNTER = Pattern.compile("^([A-Za-z][A-Za-z -]*?)\\s+(\\d+)\\s*$");

    /**
     * Reads the counters from {@code sccache --show-stats} output.
     *
     * @return empty when a counter is missing (not sccache's output)
     */
    public static Optional<SccacheStatistics> parse(List<String> lines) {
        Map<String, Long> counters = new HashMap<>();
        for (String line : lines) {
            Matcher m = COUNTER.matcher(line);
            if (m.matches()) {
                try {
                    counters.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), Long.parseLong(m.group(2)));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        Long hits = counters.get("cache hits");
        Long misses = counters.get("cache misses");
        Long notCacheable = counters.get("non-cacheable calls");
        if (hits == null || misses == null || notCacheable == null) {
            return Optional.empty();
        }
        return Optional.of(new SccacheStatistics(hits, misses, notCacheable));
    }

    /** What the server did between {@code earlier} and this reading (never negative: a restarted server counts from 0). */
    public SccacheStatistics since(SccacheStatistics earlier) {
        if (hits < earlier.hits || misses < earlier.misses || notCacheable < earlier.notCacheable) {
            return this;
        }
        return new SccacheStatistics(hits - earlier.hits, misses - earlier.misses, notCacheable - earlier.notCacheable);
    }

    /**
     * The line the build summary ends with.
     *
     * @param shared whether other builds may have used the same server meanwhile (Maven's {@code -T}): the counts
     *     are the server's, so they then include theirs
     */
    public String describe(boolean shared) {
        long cacheable = hits + misses;
        return "Compiler cache: sccache served " + hits + " of " + cacheable + " cacheable compilation"
                + (cacheable == 1 ? "" : "s") + " from its cache (" + misses + " compiled; " + notCacheable
                + " not cacheable, such as links and build scripts)"
                + (shared ? "; counted by the server, with the builds running beside this one" : "");
    }
}
