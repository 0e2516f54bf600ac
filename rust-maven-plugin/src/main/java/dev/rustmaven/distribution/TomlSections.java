package dev.rustmaven.distribution;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The tables of a TOML document and where their text lies, found by one lexical pass that follows TOML's grammar
 * for keys, strings, arrays and inline tables without building any values.
 *
 * <p>A real channel manifest is about 1 MB, and a full parse with tomlj takes seconds; the plugin needs a handful of
 * its tables. {@link #select} cuts out the text of the tables that can define a given key path, for tomlj to parse.
 * A header is only recognised at the start of a line outside strings, comments, arrays and inline tables, so a
 * {@code [pkg...]} inside a multi-line string or a comment is skipped as the string or comment it is.
 *
 * <p>The pass is strict: anything it does not fully understand (an unterminated string, an unbalanced bracket, a
 * header with an escape in a quoted key, a bare value that is neither a boolean, a number nor a date, a table
 * defined twice) makes {@link #scan} return empty, and the caller parses the whole document instead, so such a
 * document is judged by tomlj exactly as before.
 */
final class TomlSections {

    /**
     * A {@code [table]} or {@code [[array element]]} header and its text, from the header to the next one. A plain
     * header (bare keys joined by dots, as in {@code [pkg.rust-std.target.x86_64-unknown-linux-gnu]}) is kept as
     * where its key lies in the text, and compared there: a manifest has thousands of them.
     */
    static final class Section {
        private final String text;
        private final int start;
        private final int end;
        private final int keyStart;
        private final int keyEnd;
        /** The key's parts, for a header that is not plain; null for a plain one. */
        private final List<String> parts;

        private Section(String text, int start, int end, int keyStart, int keyEnd, List<String> parts) {
            this.text = text;
            this.start = start;
            this.end = end;
            this.keyStart = keyStart;
            this.keyEnd = keyEnd;
            this.parts = parts;
        }

        /** The header's key path, e.g. {@code [pkg, rust-std, target, x86_64-unknown-linux-gnu]}. */
        List<String> path() {
            return parts != null
                    ? parts
                    : List.of(text.substring(keyStart, keyEnd).split("\\.", -1));
        }

        /** Whether the header's key has at least {@code index + 1} parts. */
        boolean hasPart(int index) {
            if (parts != null) {
                return index < parts.size();
            }
            return partStart(index) >= 0;
        }

        /** Where the part at {@code index} of a plain header starts, or -1 when it has no such part. */
        private int partStart(int index) {
            int at = keyStart;
            for (int i = 0; i < index; i++) {
                at = text.indexOf('.', at) + 1;
                if (at <= 0 || at > keyEnd) {
                    return -1;
                }
            }
            return at;
        }

        /** Whether the header's key has at least {@code index + 1} parts, and that one is {@code part}. */
        boolean partIs(int index, String part) {
            if (parts != null) {
                return index < parts.size() && parts.get(index).equals(part);
            }
            int at = partStart(index);
            int after = at + part.length();
            return at >= 0
                    && after <= keyEnd
                    && part.indexOf('.') < 0
                    && text.regionMatches(at, part, 0, part.length())
                    && (after == keyEnd || text.charAt(after) == '.');
        }

        /**
         * Whether the header's path and {@code path} agree on their common length: the header is a prefix of
         * {@code path} or lies under it.
         */
        boolean around(List<String> path) {
            if (parts != null) {
                int common = Math.min(parts.size(), path.size());
                return parts.subList(0, common).equals(path.subList(0, common));
            }
            int at = keyStart;
            for (String part : path) {
                int after = at + part.length();
                if (after > keyEnd
                        || part.indexOf('.') >= 0 // no bare key has one
                        || !text.regionMatches(at, part, 0, part.length())
                        || (after < keyEnd && text.charAt(after) != '.')) {
                    return false;
                }
                if (after == keyEnd) {
                    return true; // the header ends: a prefix of path
                }
                at = after + 1;
            }
            return true; // path ends: the header lies under it
        }
    }

    /** Arrays nested deeper than this are left to tomlj. */
    private static final int MAX_DEPTH = 32;

    private static final Pattern NUMBER_OR_DATE = Pattern.compile("[+-]?(?:inf|nan)"
            + "|[+-]?(?:0|[1-9](?:_?[0-9])*)(?:\\.[0-9](?:_?[0-9])*)?(?:[eE][+-]?[0-9](?:_?[0-9])*)?"
            + "|0x[0-9A-Fa-f](?:_?[0-9A-Fa-f])*|0o[0-7](?:_?[0-7])*|0b[01](?:_?[01])*"
            + "|[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})?)?"
            + "|[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]+)?");

    /** The characters of bare keys: A-Z a-z 0-9 - _. */
    private static final boolean[] BARE_KEY = new boolean[128];
    /** The characters of booleans, numbers and dates: those of bare keys and + . : */
    private static final boolean[] BARE_VALUE = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            BARE_KEY[c] =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            BARE_VALUE[c] = BARE_KEY[c] || c == '+' || c == '.' || c == ':';
        }
    }

    private final String text;
    private final int rootEnd;
    private final List<Section> sections;

    private TomlSections(String text, int rootEnd, List<Section> sections) {
        this.text = text;
        this.rootEnd = rootEnd;
        this.sections = sections;
    }

    /** The document's sections, or empty when it has anything the pass does not understand. */
    static Optional<TomlSections> scan(String text) {
        try {
            return Optional.of(new Scanner(text).run());
        } catch (NotUnderstood e) {
            return Optional.empty();
        }
    }

    List<Section> sections() {
        return sections;
    }

    /**
     * The text before the first header, followed by every section, in document order, whose header path
     * {@code keep} accepts.
     */
    String select(Predicate<Section> keep) {
        StringBuilder out = new StringBuilder(4096);
        out.append(text, 0, rootEnd);
        for (Section s : sections) {
            if (keep.test(s)) {
                if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                    out.append('\n'); // a last line without a line end, moved before another section
                }
                out.append(text, s.start, s.end);
            }
        }
        return out.toString();
    }

    /**
     * Accepts the headers that are a prefix of {@code path} or lie under it: the only sections that can define a key
     * at or below {@code path}, since a key in a section is the section's path plus the key's own dotted parts. The
     * selected text parsed on its own has the same values at and below {@code path} as the whole document.
     */
    static Predicate<Section> around(List<String> path) {
        return header -> header.around(path);
    }

    /** Thrown inside the pass for anything it leaves to a full parse; never leaves this class. */
    private static final class NotUnderstood extends Exception {
        private static final long serialVersionUID = 1L;

        NotUnderstood() {
            super(null, null, false, false);
        }
    }

    private static final class Scanner {
        private final String source;
        /**
         * The text as ISO-8859-1 bytes, one per character: indexing an array is much cheaper than charAt before the
         * JIT has compiled, and copying a compact string's bytes is cheaper than {@code toCharArray}. A character
         * beyond ISO-8859-1 becomes {@code ?}: never one that this pass looks for, and not a key or bare value
         * character, so such a character where it matters makes the pass give up. A pair of surrogates becomes one
         * {@code ?}, and then the offsets would not be the text's: the pass gives up on such a text too.
         */
        private final byte[] text;

        private final int length;
        private int pos;

        Scanner(String source) {
            this.source = source;
            this.text = source.getBytes(StandardCharsets.ISO_8859_1);
            this.length = text.length;
        }

        TomlSections run() throws NotUnderstood {
            if (length != source.length()) {
                throw new NotUnderstood();
            }
            List<Section> sections = new ArrayList<>();
            Set<List<String>> tables = new HashSet<>();
            int rootEnd = -1;
            boolean inSection = false;
            int start = 0;
            int keyStart = 0;
            int keyEnd = 0;
            List<String> parts = null;
            while (pos < length) {
                int lineStart = pos;
                skipBlanks();
                if (pos >= length) {
                    break;
                }
                byte c = text[pos];
                if (c == '\n' || c == '\r' || c == '#') {
                    endOfLine();
                } else if (c == '[') {
                    if (inSection) {
                        sections.add(new Section(source, start, lineStart, keyStart, keyEnd, parts));
                    } else {
                        rootEnd = lineStart;
                    }
                    inSection = true;
                    start = lineStart;
                    boolean arrayElement = pos + 1 < length && text[pos + 1] == '[';
                    pos += arrayElement ? 2 : 1;
                    keyStart = pos;
                    keyEnd = plainKey();
                    parts = keyEnd < 0 ? key(true) : null;
                    expect(']');
                    if (arrayElement) {
                        expect(']');
                    } else if (!tables.add(parts != null ? parts : plainParts(keyStart, keyEnd))) {
                        throw new NotUnderstood(); // defined twice: tomlj says how
                    }
                    endOfLine();
                } else {
                    key(false);
                    expect('=');
                    skipBlanks();
                    value(0);
                    endOfLine();
                }
            }
            if (inSection) {
                sections.add(new Section(source, start, length, keyStart, keyEnd, parts));
            } else {
                rootEnd = length;
            }
            return new TomlSections(source, rootEnd, List.copyOf(sections));
        }

        private void skipBlanks() {
            while (pos < length && (text[pos] == ' ' || text[pos] == '\t')) {
                pos++;
            }
        }

        /** Blanks, an optional comment, then a line end or the end of the text. */
        private void endOfLine() throws NotUnderstood {
            skipBlanks();
            if (pos < length && text[pos] == '#') {
                skipComment();
                if (pos > 0 && text[pos - 1] == '\r') {
                    pos--;
                }
            }
            if (pos >= length) {
                return;
            }
            if (text[pos] == '\r') {
                pos++;
            }
            if (pos >= length || text[pos] != '\n') {
                throw new NotUnderstood();
            }
            pos++;
        }

        /** To the line end of a comment, or the end of the text. */
        private void skipComment() {
            byte[] t = text;
            int n = length;
            int p = pos;
            while (p < n && t[p] != '\n') {
                p++;
            }
            pos = p;
        }

        /** Whether three {@code quote}s start here. */
        private boolean startsWith(char quote) {
            return pos + 2 < length && text[pos + 1] == quote && text[pos + 2] == quote;
        }

        private void expect(char c) throws NotUnderstood {
            if (pos >= length || text[pos] != c) {
                throw new NotUnderstood();
            }
            pos++;
        }

        /**
         * Bare keys joined by single dots and followed by {@code ]}: the end of such a key, with the position at it;
         * otherwise -1, with the position unchanged.
         */
        private int plainKey() {
            byte[] t = text;
            int n = length;
            int p = pos;
            while (true) {
                int from = p;
                while (p < n && t[p] >= 0 && BARE_KEY[t[p]]) {
                    p++;
                }
                if (p == from || p >= n) {
                    return -1;
                }
                if (t[p] == ']') {
                    pos = p;
                    return p;
                }
                if (t[p] != '.') {
                    return -1;
                }
                p++;
            }
        }

        private List<String> plainParts(int from, int to) {
            return List.of(source.substring(from, to).split("\\.", -1));
        }

        /** A dotted key, blanks around it and its dots; its parts only when {@code keep}. */
        private List<String> key(boolean keep) throws NotUnderstood {
            List<String> parts = keep ? new ArrayList<>(4) : null;
            while (true) {
                skipBlanks();
                int from = pos;
                if (pos < length && (text[pos] == '"' || text[pos] == '\'')) {
                    byte quote = text[pos];
                    int close = pos + 1;
                    while (close < length && text[close] != quote) {
                        byte c = text[close];
                        if (c == '\n' || c == '\r' || c == '\\') {
                            throw new NotUnderstood(); // escapes in keys are left to tomlj
                        }
                        close++;
                    }
                    if (close >= length) {
                        throw new NotUnderstood();
                    }
                    pos = close + 1;
                    if (keep) {
                        parts.add(source.substring(from + 1, close));
                    }
                } else {
                    while (pos < length && isBareKeyChar(text[pos])) {
                        pos++;
                    }
                    if (pos == from) {
                        throw new NotUnderstood();
                    }
                    if (keep) {
                        parts.add(source.substring(from, pos));
                    }
                }
                skipBlanks();
                if (pos < length && text[pos] == '.') {
                    pos++;
                } else {
                    return keep ? List.copyOf(parts) : null;
                }
            }
        }

        private static boolean isBareKeyChar(byte c) {
            return c >= 0 && BARE_KEY[c];
        }

        private void value(int depth) throws NotUnderstood {
            if (pos >= length || depth > MAX_DEPTH) {
                throw new NotUnderstood();
            }
            byte c = text[pos];
            if (c == '"') {
                if (startsWith('"')) {
                    multiLineString('"');
                } else {
                    basicString();
                }
            } else if (c == '\'') {
                if (startsWith('\'')) {
                    multiLineString('\'');
                } else {
                    literalString();
                }
            } else if (c == '[') {
                array(depth);
            } else if (c == '{') {
                inlineTable(depth);
            } else {
                bareValue();
            }
        }

        private void basicString() throws NotUnderstood {
            // Locals, not fields, in this loop over most of a manifest's characters: cheaper before the JIT's turn.
            byte[] t = text;
            int n = length;
            int p = pos + 1;
            while (p < n) {
                byte c = t[p];
                if (c == '"') {
                    pos = p + 1;
                    return;
                } else if (c == '\\') {
                    pos = p;
                    escape(false);
                    p = pos;
                } else if (c == '\n' || c == '\r') {
                    throw new NotUnderstood();
                } else {
                    p++;
                }
            }
            throw new NotUnderstood();
        }

        private void literalString() throws NotUnderstood {
            byte[] t = text;
            int n = length;
            int p = pos + 1;
            while (p < n) {
                byte c = t[p++];
                if (c == '\'') {
                    pos = p;
                    return;
                } else if (c == '\n' || c == '\r') {
                    throw new NotUnderstood();
                }
            }
            throw new NotUnderstood();
        }

        /** {@code """..."""} or {@code '''...'''}; up to two quotes may stand right before the closing three. */
        private void multiLineString(char quote) throws NotUnderstood {
            pos += 3;
            while (pos < length) {
                byte c = text[pos];
                if (c == quote) {
                    int run = 0;
                    while (pos < length && text[pos] == quote) {
                        run++;
                        pos++;
                    }
                    if (run >= 3) {
                        if (run > 5) {
                            throw new NotUnderstood();
                        }
                        return;
                    }
                } else if (c == '\\' && quote == '"') {
                    escape(true);
                } else {
                    pos++;
                }
            }
            throw new NotUnderstood();
        }

        /** A backslash escape, checked as TOML defines them; in a multi-line string also a line-ending backslash. */
        private void escape(boolean multiLine) throws NotUnderstood {
            pos++;
            if (pos >= length) {
                throw new NotUnderstood();
            }
            byte c = text[pos++];
            switch (c) {
                case 'b', 't', 'n', 'f', 'r', '"', '\\' -> {}
                case 'u' -> hexDigits(4);
                case 'U' -> hexDigits(8);
                case ' ', '\t', '\r', '\n' -> {
                    if (!multiLine) {
                        throw new NotUnderstood();
                    }
                    pos--;
                    skipBlanks();
                    if (pos < length && text[pos] == '\r') {
                        pos++;
                    }
                    expect('\n');
                }
                default -> throw new NotUnderstood();
            }
        }

        private void hexDigits(int count) throws NotUnderstood {
            for (int i = 0; i < count; i++) {
                if (pos >= length || Character.digit(text[pos], 16) < 0) {
                    throw new NotUnderstood();
                }
                pos++;
            }
        }

        private void array(int depth) throws NotUnderstood {
            pos++;
            while (true) {
                skipBlanksLinesAndComments();
                if (pos < length && text[pos] == ']') {
                    pos++;
                    return;
                }
                value(depth + 1);
                skipBlanksLinesAndComments();
                if (pos < length && text[pos] == ',') {
                    pos++;
                } else {
                    expect(']');
                    return;
                }
            }
        }

        private void skipBlanksLinesAndComments() throws NotUnderstood {
            while (pos < length) {
                byte c = text[pos];
                if (c == ' ' || c == '\t' || c == '\n') {
                    pos++;
                } else if (c == '\r') {
                    pos++;
                    expect('\n');
                } else if (c == '#') {
                    skipComment();
                } else {
                    return;
                }
            }
        }

        /** {@code { key = value, ... }} on one line, as TOML 1.0 has them. */
        private void inlineTable(int depth) throws NotUnderstood {
            pos++;
            skipBlanks();
            if (pos < length && text[pos] == '}') {
                pos++;
                return;
            }
            while (true) {
                key(false);
                expect('=');
                skipBlanks();
                value(depth + 1);
                skipBlanks();
                if (pos < length && text[pos] == ',') {
                    pos++;
                } else {
                    expect('}');
                    return;
                }
            }
        }

        /** A boolean, number or date; a local date-time may have a space between date and time. */
        private void bareValue() throws NotUnderstood {
            int from = pos;
            while (pos < length && isBareValueChar(text[pos])) {
                pos++;
            }
            if (pos + 1 < length && pos - from == 10 && text[pos] == ' ' && Character.isDigit(text[pos + 1])) {
                pos++;
                while (pos < length && isBareValueChar(text[pos])) {
                    pos++;
                }
            }
            String token = source.substring(from, pos);
            if (!token.equals("true")
                    && !token.equals("false")
                    && !NUMBER_OR_DATE.matcher(token).matches()) {
                throw new NotUnderstood();
            }
        }

        private static boolean isBareValueChar(byte c) {
            return c >= 0 && BARE_VALUE[c];
        }
    }
}
