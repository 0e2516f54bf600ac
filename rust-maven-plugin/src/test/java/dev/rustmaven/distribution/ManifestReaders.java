package dev.rustmaven.distribution;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ways to read a channel manifest, whole or only what is asked, and a comparison of their answers: for
 * {@code DistManifestSectionsTest} and for benchmarks outside this package.
 */
public final class ManifestReaders {

    private static final Pattern NAMES =
            Pattern.compile("(?m)^\\[pkg\\.([^.\\]\"]+)(?:\\.target\\.(?:\"([^\"]+)\"|([^.\\]\"]+)))?]");

    private ManifestReaders() {}

    /** tomlj over the whole text, as every read did before the sections were found first. */
    public static DistManifest whole(String text, URI source) throws DistException {
        return DistManifest.parseWhole(text, source);
    }

    /** The plugin's reader: the sections first, then {@link PlainToml} (or tomlj) over the tables asked for. */
    public static DistManifest bySections(String text, URI source) throws DistException {
        return DistManifest.parse(text, source);
    }

    /** The sections first, then tomlj over the tables asked for: the plugin's reader before {@link PlainToml}. */
    public static DistManifest bySectionsWithTomlj(String text, URI source) throws DistException {
        return DistManifest.parseSectionsWithTomlj(text, source);
    }

    /**
     * Asks both readers everything the plugin can ask, about every package and target the text's plain
     * {@code [pkg.<name>]} and {@code [pkg.<name>.target.<triple>]} headers name plus one of each that is not
     * there, and lists the answers that differ (an exception's reason and message count as its answer).
     *
     * @return the differences, and as its last line how many questions were asked
     */
    public static List<String> differences(String text, URI source) {
        TreeSet<String> packages = new TreeSet<>(List.of("no-such-package"));
        TreeSet<String> triples = new TreeSet<>(List.of("no-such-triple"));
        Matcher m = NAMES.matcher(text);
        while (m.find()) {
            packages.add(m.group(1));
            if (m.group(2) != null || m.group(3) != null) {
                triples.add(m.group(2) != null ? m.group(2) : m.group(3));
            }
        }
        List<String> differences = new ArrayList<>();
        Object[] readers = {answer(() -> whole(text, source)), answer(() -> bySections(text, source))};
        if (!(readers[0] instanceof DistManifest old) || !(readers[1] instanceof DistManifest fresh)) {
            compare(differences, "parse", readers[0], readers[1]);
            differences.add("asked 1 question");
            return differences;
        }
        int asked = 1;
        compare(differences, "date", old.date(), fresh.date());
        for (String pkg : packages) {
            compare(differences, pkg + " version", old.version(pkg), fresh.version(pkg));
            compare(
                    differences,
                    pkg + " targets",
                    answer(() -> old.targets(pkg, false)),
                    answer(() -> fresh.targets(pkg, false)));
            compare(
                    differences,
                    pkg + " available",
                    answer(() -> old.targets(pkg, true)),
                    answer(() -> fresh.targets(pkg, true)));
            asked += 3;
            for (String triple : triples) {
                compare(
                        differences,
                        pkg + " " + triple,
                        answer(() -> old.archives(pkg, triple)),
                        answer(() -> fresh.archives(pkg, triple)));
                asked++;
            }
        }
        differences.add(
                "asked " + asked + " questions (" + packages.size() + " packages, " + triples.size() + " triples)");
        return differences;
    }

    private interface Question {
        Object ask() throws DistException;
    }

    private static Object answer(Question q) {
        try {
            return q.ask();
        } catch (DistException e) {
            return e.reason() + ": " + e.getMessage();
        }
    }

    private static void compare(List<String> differences, String what, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            differences.add(what + ": " + a + " <> " + b);
        }
    }
}
