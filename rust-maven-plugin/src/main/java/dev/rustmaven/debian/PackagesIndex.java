package dev.rustmaven.debian;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What this package needs of a {@code Packages} index: the stanzas of the wanted packages, and the names of
 * all packages (for suggestions and for choosing among versioned names).
 *
 * <p>The index is read in one streaming pass and only the wanted stanzas are kept: Debian's armhf index is
 * about 45 MB with some 60,000 stanzas. Lines are found in a byte buffer and become strings only when read:
 * the name of every package, and the lines of wanted stanzas. Field names are matched without regard to
 * case, as deb822 wants; continuation lines are skipped, since no field read here spans lines.
 */
final class PackagesIndex {

    private final Map<String, List<PackageStanza>> stanzas;
    private final Set<String> names;

    private PackagesIndex(Map<String, List<PackageStanza>> stanzas, Set<String> names) {
        this.stanzas = stanzas;
        this.names = names;
    }

    /**
     * Reads an uncompressed {@code Packages} index.
     *
     * @param wanted which package names to keep the stanzas of
     * @param source names the index in errors (its URL)
     * @throws DebianException (MALFORMED) on a line that is not a field, or a wanted stanza that lacks a field
     *     or has a bad value
     */
    static PackagesIndex read(InputStream uncompressed, Predicate<String> wanted, String source)
            throws IOException, DebianException {
        Map<String, List<PackageStanza>> stanzas = new HashMap<>();
        Set<String> names = new HashSet<>();
        Lines lines = new Lines(uncompressed);
        Map<String, String> fields = new HashMap<>();
        boolean skipping = false;
        boolean inStanza = false;
        int start = 0;
        while (lines.advance()) {
            if (lines.isBlank()) {
                finish(fields, skipping, stanzas, names, source, start);
                fields.clear();
                skipping = false;
                inStanza = false;
                continue;
            }
            if (!inStanza) {
                inStanza = true;
                start = lines.number();
            }
            int first = lines.first();
            if (skipping || first == ' ' || first == '\t' || first == '#') {
                continue;
            }
            String line = lines.text();
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw malformed(source, "line " + lines.number() + " is not a field: '" + shorten(line) + "'");
            }
            String field = line.substring(0, colon).toLowerCase(Locale.ROOT);
            if (!NEEDED.contains(field)) {
                continue;
            }
            String value = line.substring(colon + 1).strip();
            fields.put(field, value);
            if (field.equals("package")) {
                names.add(value);
                if (!wanted.test(value)) {
                    // The rest of the stanza is of no interest; its name is recorded.
                    skipping = true;
                    fields.clear();
                }
            }
        }
        finish(fields, skipping, stanzas, names, source, start);
        return new PackagesIndex(stanzas, names);
    }

    private static final String FILENAME = "[A-Za-z0-9._+~-]+(/[A-Za-z0-9._+~-]+)*";

    private static final Set<String> NEEDED =
            Set.of("package", "version", "architecture", "filename", "size", "sha256", "depends");

    private static void finish(
            Map<String, String> fields,
            boolean skipped,
            Map<String, List<PackageStanza>> stanzas,
            Set<String> names,
            String source,
            int start)
            throws DebianException {
        if (skipped || fields.isEmpty()) {
            return;
        }
        String name = fields.get("package");
        if (name == null) {
            throw malformed(source, "the stanza at line " + start + " has no Package field");
        }
        String where = "package " + name + " (line " + start + ")";
        DebianVersion version;
        try {
            version = DebianVersion.parse(required(fields, "version", where, source));
        } catch (IllegalArgumentException e) {
            throw malformed(source, where + ": " + e.getMessage());
        }
        String size = required(fields, "size", where, source);
        String sha256 = required(fields, "sha256", where, source);
        if (!size.matches("[0-9]{1,18}")) {
            throw malformed(source, where + " has the Size '" + size + "'");
        }
        if (!sha256.matches("[0-9a-fA-F]{64}")) {
            throw malformed(source, where + " has the SHA256 '" + sha256 + "'");
        }
        String filename = required(fields, "filename", where, source);
        if (!filename.matches(FILENAME) || Arrays.asList(filename.split("/")).contains("..")) {
            // It becomes part of a URL and a local file name: a relative path of plain segments only.
            throw malformed(source, where + " has the Filename '" + filename + "'");
        }
        PackageStanza stanza = new PackageStanza(
                name,
                version,
                fields.getOrDefault("architecture", ""),
                filename,
                Long.parseLong(size),
                sha256.toLowerCase(Locale.ROOT),
                fields.getOrDefault("depends", ""));
        stanzas.computeIfAbsent(name, n -> new ArrayList<>()).add(stanza);
        names.add(name);
    }

    private static String required(Map<String, String> fields, String field, String where, String source)
            throws DebianException {
        String value = fields.get(field);
        if (value == null || value.isEmpty()) {
            throw malformed(source, where + " has no " + field + " field");
        }
        return value;
    }

    /** The stanza with the highest version of a wanted package, if the index lists it. */
    Optional<PackageStanza> newest(String name) {
        return stanzas.getOrDefault(name, List.of()).stream().max(Comparator.comparing(PackageStanza::version));
    }

    /** Every stanza kept for {@code name}, in index order. */
    List<PackageStanza> stanzas(String name) {
        return Collections.unmodifiableList(stanzas.getOrDefault(name, List.of()));
    }

    /** The names of all packages in the index, sorted. */
    SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(names));
    }

    /** Whether the index lists a package of this name. */
    boolean contains(String name) {
        return names.contains(name);
    }

    private static String shorten(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }

    private static DebianException malformed(String source, String why) {
        return new DebianException(
                DebianException.Reason.MALFORMED,
                "The package index " + source + " cannot be read: " + why
                        + ". Its checksum matched the signed Release, so the archive publishes it this way; report"
                        + " it to the mirror's maintainers.");
    }

    /** The lines of a stream, found in a reusable byte buffer; a line becomes a string only when asked. */
    private static final class Lines {

        private final InputStream in;
        private byte[] buffer = new byte[1 << 16];
        private int limit;
        private int next;
        private int scanned;
        private boolean eof;
        private int start;
        private int end;
        private int number;

        Lines(InputStream in) {
            this.in = in;
        }

        /** Moves to the next line; false at the end of the stream. */
        boolean advance() throws IOException {
            while (true) {
                for (int i = scanned; i < limit; i++) {
                    if (buffer[i] == '\n') {
                        take(i, i + 1);
                        return true;
                    }
                }
                scanned = limit;
                if (eof) {
                    if (next < limit) {
                        take(limit, limit);
                        return true;
                    }
                    return false;
                }
                fill();
            }
        }

        private void take(int lineEnd, int following) {
            start = next;
            end = lineEnd > start && buffer[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            next = following;
            scanned = following;
            number++;
        }

        private void fill() throws IOException {
            int partial = limit - next;
            if (next > 0) {
                System.arraycopy(buffer, next, buffer, 0, partial);
                scanned -= next;
                next = 0;
                limit = partial;
            }
            if (limit == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }

        /** The line number of the current line, from 1. */
        int number() {
            return number;
        }

        /** Whether the current line is empty or only spaces and tabs: the end of a stanza. */
        boolean isBlank() {
            for (int i = start; i < end; i++) {
                if (buffer[i] != ' ' && buffer[i] != '\t') {
                    return false;
                }
            }
            return true;
        }

        /** The first byte of the current line. */
        int first() {
            return start < end ? buffer[start] : -1;
        }

        /** The current line as Latin-1: every byte is one char, and the fields read here are ASCII. */
        String text() {
            return new String(buffer, start, end - start, StandardCharsets.ISO_8859_1);
        }
    }
}
