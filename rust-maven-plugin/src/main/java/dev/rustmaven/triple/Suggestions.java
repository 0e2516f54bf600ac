package dev.rustmaven.triple;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Finds the names closest to a mistyped one, for "did you mean" hints. */
public final class Suggestions {

    private Suggestions() {}

    /**
     * The up to {@code limit} entries of {@code candidates} closest to {@code wanted} by edit distance,
     * closest first; entries too far away to be a typo are left out.
     */
    public static List<String> closest(String wanted, Collection<String> candidates, int limit) {
        int threshold = Math.max(3, wanted.length() / 3);
        record Scored(String name, int distance) {}
        return candidates.stream()
                .map(c -> new Scored(c, Math.min(distance(wanted, c), distance(wanted, withoutVendor(c)))))
                .filter(s -> s.distance() <= threshold
                        || s.name().startsWith(wanted)
                        || s.name().contains(wanted))
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .limit(limit)
                .map(Scored::name)
                .toList();
    }

    /**
     * {@code aarch64-unknown-linux-gnu} as {@code aarch64-linux-gnu}: GNU toolchains name triples
     * without the vendor, and people often type them that way.
     */
    private static String withoutVendor(String triple) {
        return triple.replace("-unknown-", "-");
    }

    /** The Levenshtein distance between two strings. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
