package dev.rustmaven.debian;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads apt's source lists (the one-line {@code sources.list} form and the deb822 {@code .sources} form) to
 * find the archive a machine already uses for a suite: the default mirror on a Debian machine, so that
 * the plugin fetches from the mirror the machine's administrator chose.
 */
public final class AptSources {

    private AptSources() {}

    /**
     * The first archive URI that offers binary packages of {@code suite}'s {@code main} component.
     *
     * @param sourceTexts the contents of the machine's source list files, in apt's order
     */
    public static Optional<String> archiveFor(String suite, List<String> sourceTexts) {
        for (String text : sourceTexts) {
            Optional<String> found = oneLine(suite, text).or(() -> deb822(suite, text));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** {@code deb [options] uri suite component...} lines. */
    private static Optional<String> oneLine(String suite, String text) {
        for (String raw : text.split("\n")) {
            String line = raw.replaceFirst("#.*", "").trim();
            if (!line.startsWith("deb ") && !line.startsWith("deb\t")) {
                continue;
            }
            line = line.substring(3).trim().replaceFirst("^\\[[^]]*]\\s*", "");
            List<String> words = Arrays.asList(line.split("\\s+"));
            if (words.size() >= 3
                    && words.get(1).equals(suite)
                    && words.subList(2, words.size()).contains("main")) {
                return Optional.of(words.get(0));
            }
        }
        return Optional.empty();
    }

    /** Stanzas of {@code Field: value} lines separated by blank lines. */
    private static Optional<String> deb822(String suite, String text) {
        List<String> stanza = new ArrayList<>();
        for (String raw : (text + "\n\n").split("\n", -1)) {
            if (raw.startsWith("#")) {
                continue;
            }
            if (!raw.isBlank()) {
                stanza.add(raw);
                continue;
            }
            Optional<String> found = stanzaOffering(suite, stanza);
            if (found.isPresent()) {
                return found;
            }
            stanza.clear();
        }
        return Optional.empty();
    }

    private static Optional<String> stanzaOffering(String suite, List<String> lines) {
        List<String> types = field(lines, "types");
        List<String> uris = field(lines, "uris");
        boolean enabled = !field(lines, "enabled").contains("no");
        if (enabled
                && types.contains("deb")
                && field(lines, "suites").contains(suite)
                && field(lines, "components").contains("main")
                && !uris.isEmpty()) {
            return Optional.of(uris.get(0));
        }
        return Optional.empty();
    }

    private static List<String> field(List<String> lines, String name) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0
                    && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                String value = line.substring(colon + 1).trim();
                return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
            }
        }
        return List.of();
    }
}
