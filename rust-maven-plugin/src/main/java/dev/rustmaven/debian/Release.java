package dev.rustmaven.debian;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of a suite's {@code Release} file (the text of its verified {@code InRelease}) that this package
 * uses: which suite it describes, how long it is valid, and the SHA-256 list of the index files below
 * {@code dists/<suite>/}.
 *
 * @param suite         the {@code Suite} field, e.g. {@code stable}; empty when absent
 * @param codename      the {@code Codename} field, e.g. {@code bookworm}; empty when absent
 * @param date          the {@code Date} field as written; empty when absent
 * @param validUntil    the {@code Valid-Until} field; Debian's main suites have none
 * @param architectures the {@code Architectures} field, for messages
 * @param sha256        the {@code SHA256} list by path below {@code dists/<suite>/}, e.g.
 *                      {@code main/binary-armhf/Packages.xz}
 */
record Release(
        String suite,
        String codename,
        String date,
        Optional<Instant> validUntil,
        List<String> architectures,
        Map<String, IndexFile> sha256) {

    /**
     * One file of the suite, as the signed list gives it.
     *
     * @param path   below {@code dists/<suite>/}
     * @param size   in bytes
     * @param sha256 lower-case hex
     */
    record IndexFile(String path, long size, String sha256) {}

    /** The RFC 2822 date of Release files, e.g. {@code Sat, 11 Jul 2026 10:16:37 UTC}. */
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("[EEE, ]d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    Release {
        architectures = List.copyOf(architectures);
        sha256 = Map.copyOf(sha256);
    }

    /**
     * Reads the text of a Release file, a single deb822 paragraph.
     *
     * @param source names the file in errors (its URL)
     * @throws DebianException (MALFORMED) on a line that is not a field, a bad SHA256 entry or Valid-Until
     */
    static Release parse(String text, String source) throws DebianException {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, IndexFile> sha256 = new LinkedHashMap<>();
        String current = null;
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith(" ") || line.startsWith("\t")) {
                if (current == null) {
                    throw malformed(source, "line " + number + " continues no field");
                }
                if (current.equals("sha256")) {
                    IndexFile file = indexFile(line.strip(), source, number);
                    sha256.put(file.path(), file);
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw malformed(source, "line " + number + " is not a field: '" + line + "'");
            }
            current = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            fields.put(current, line.substring(colon + 1).strip());
        }
        Optional<Instant> validUntil = Optional.empty();
        if (fields.containsKey("valid-until")) {
            validUntil = Optional.of(parseDate(fields.get("valid-until"))
                    .orElseThrow(() ->
                            malformed(source, "its Valid-Until '" + fields.get("valid-until") + "' is not a date")));
        }
        String architectures = fields.getOrDefault("architectures", "");
        return new Release(
                fields.getOrDefault("suite", ""),
                fields.getOrDefault("codename", ""),
                fields.getOrDefault("date", ""),
                validUntil,
                architectures.isBlank() ? List.of() : List.of(architectures.split("\\s+")),
                sha256);
    }

    /** A Release date such as {@code Sat, 11 Jul 2026 10:16:37 UTC}, in UTC or with a numeric offset. */
    static Optional<Instant> parseDate(String value) {
        String normalized = value.strip().replaceFirst("\\s(UTC|GMT|Z)$", " +0000");
        try {
            return Optional.of(ZonedDateTime.parse(normalized, DATE).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether the Release describes {@code name}, by its Suite or Codename. */
    boolean describes(String name) {
        return name.equals(suite) || name.equals(codename);
    }

    private static IndexFile indexFile(String entry, String source, int number) throws DebianException {
        String[] parts = entry.split("\\s+");
        if (parts.length != 3 || !parts[0].matches("[0-9a-fA-F]{64}") || !parts[1].matches("[0-9]{1,18}")) {
            throw malformed(
                    source, "line " + number + " is not '<sha256> <size> <path>' in the SHA256 list: '" + entry + "'");
        }
        return new IndexFile(parts[2], Long.parseLong(parts[1]), parts[0].toLowerCase(Locale.ROOT));
    }

    private static DebianException malformed(String source, String why) {
        return new DebianException(
                DebianException.Reason.MALFORMED,
                "The Release text of " + source + " cannot be read: " + why
                        + ". The signature was good, so the archive publishes it this way; report it to the mirror's"
                        + " maintainers.");
    }
}
