package dev.rustmaven.distribution;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * A small strict reader of the plain TOML that a channel manifest's tables are written in, giving the same
 * {@link TomlTable} values as tomlj; anything outside that subset makes it give up, and the caller parses with tomlj.
 *
 * <p>Why not tomlj alone: the plugin reads a manifest once per build, in a JVM where tomlj's parser is cold (at most
 * used once, for Cargo.toml). Issue 17 asks for the needed values of a real manifest (975 kB, 32,627 lines) within 100
 * ms in a fresh JVM; with tomlj over the selected tables it took 135 ms median on a quiet machine. Measured per phase
 * in a fresh JVM (CPU time of the reading thread, a loaded two-core machine): the section pass 26-34 ms; tomlj
 * parsing the first selection (1,231 characters) 168-196 ms when tomlj had not been used in the JVM, 14-15 ms after a
 * small parse, about 3 ms per target's table after that, nearly all of it loading, initialising and interpreting
 * ANTLR's lexer and parser (warm, the whole read takes 4 ms); this reader 3 ms for the first selection. In
 * {@code ManifestReadBench} (7 fresh JVMs each, same run) the read took 101 ms CPU median with tomlj and 64 ms with this
 * reader after a small parse, 295 ms and 95 ms with tomlj not loaded before.
 *
 * <p>The subset, line by line: blank lines and comments; {@code [table]} headers of bare or quoted keys joined by
 * dots; {@code key = value} with one bare or quoted key, where the value is a basic string (all of TOML's escapes), a
 * literal string, {@code true}, {@code false}, a decimal integer without underscores, or a one-line array of such
 * strings; then an optional comment and {@code \n} or {@code \r\n}. Anything else (multi-line strings, dotted keys,
 * inline tables, arrays of tables, floats, dates, escapes in keys, control characters, a key or table defined twice,
 * a table over a value) makes {@link #read} return empty: such text is judged by tomlj, errors included, so
 * correctness never depends on this subset. Positions are kept as line and column of each key or array element.
 */
final class PlainToml {

    private final String text;
    private final int length;
    private int pos;
    private int line = 1;
    private int lineStart;

    private PlainToml(String text) {
        this.text = text;
        this.length = text.length();
    }

    /** The document's tables, or empty when it has anything outside the subset (or an error). */
    static Optional<TomlTable> read(String text) {
        try {
            return Optional.of(new PlainToml(text).document());
        } catch (OutsideSubset e) {
            return Optional.empty();
        }
    }

    /** Thrown for anything the reader leaves to tomlj; never leaves this class. */
    private static final class OutsideSubset extends Exception {
        private static final long serialVersionUID = 1L;

        OutsideSubset() {
            super(null, null, false, false);
        }
    }

    private Table document() throws OutsideSubset {
        Table root = new Table(TomlPosition.positionAt(1, 1));
        Set<Table> defined = Collections.newSetFromMap(new IdentityHashMap<>());
        Table current = root;
        while (pos < length) {
            skipBlanks();
            char c = pos < length ? text.charAt(pos) : '\n';
            if (c == '[') {
                current = header(root, defined);
            } else if (c != '\n' && c != '\r' && c != '#') {
                TomlPosition at = position();
                String key = key();
                skipBlanks();
                expect('=');
                skipBlanks();
                Object value = value();
                if (current.values.putIfAbsent(key, new Entry(value, at)) != null) {
                    throw new OutsideSubset(); // defined twice, or a table already
                }
            }
            endOfLine();
        }
        return root;
    }

    /** A {@code [table]} header: the table it defines, created with any missing tables above it. */
    private Table header(Table root, Set<Table> defined) throws OutsideSubset {
        TomlPosition at = position();
        pos++;
        if (pos < length && text.charAt(pos) == '[') {
            throw new OutsideSubset(); // an array of tables
        }
        Table table = root;
        while (true) {
            skipBlanks();
            String part = key();
            Entry entry = table.values.get(part);
            if (entry == null) {
                entry = new Entry(new Table(at), at);
                table.values.put(part, entry);
            }
            if (!(entry.value instanceof Table next)) {
                throw new OutsideSubset(); // a table over a value
            }
            table = next;
            skipBlanks();
            if (pos < length && text.charAt(pos) == '.') {
                pos++;
            } else {
                break;
            }
        }
        expect(']');
        if (!defined.add(table)) {
            throw new OutsideSubset(); // defined twice
        }
        return table;
    }

    /** One bare key, or a quoted one without escapes. */
    private String key() throws OutsideSubset {
        int from = pos;
        if (pos < length && (text.charAt(pos) == '"' || text.charAt(pos) == '\'')) {
            char quote = text.charAt(pos);
            int close = pos + 1;
            while (close < length && text.charAt(close) != quote) {
                char c = text.charAt(close);
                if (c == '\\' || isControl(c)) {
                    throw new OutsideSubset();
                }
                close++;
            }
            if (close >= length) {
                throw new OutsideSubset();
            }
            pos = close + 1;
            return text.substring(from + 1, close);
        }
        while (pos < length && isBareKeyChar(text.charAt(pos))) {
            pos++;
        }
        if (pos == from) {
            throw new OutsideSubset();
        }
        return text.substring(from, pos);
    }

    private Object value() throws OutsideSubset {
        if (pos >= length) {
            throw new OutsideSubset();
        }
        char c = text.charAt(pos);
        if (c == '"' || c == '\'') {
            return string();
        } else if (c == '[') {
            return array();
        } else if (text.startsWith("true", pos) && !bareValueAt(pos + 4)) {
            pos += 4;
            return Boolean.TRUE;
        } else if (text.startsWith("false", pos) && !bareValueAt(pos + 5)) {
            pos += 5;
            return Boolean.FALSE;
        }
        return integer();
    }

    /** A basic or literal string on one line; a multi-line one is left to tomlj. */
    private String string() throws OutsideSubset {
        char quote = text.charAt(pos);
        if (text.startsWith(quote == '"' ? "\"\"\"" : "'''", pos)) {
            throw new OutsideSubset();
        }
        pos++;
        StringBuilder out = null;
        int from = pos;
        while (pos < length) {
            char c = text.charAt(pos);
            if (c == quote) {
                String s = out == null
                        ? text.substring(from, pos)
                        : out.append(text, from, pos).toString();
                pos++;
                return s;
            } else if (c == '\\' && quote == '"') {
                if (out == null) {
                    out = new StringBuilder();
                }
                out.append(text, from, pos);
                escape(out);
                from = pos;
            } else if (isControl(c)) {
                throw new OutsideSubset();
            } else {
                pos++;
            }
        }
        throw new OutsideSubset();
    }

    private void escape(StringBuilder out) throws OutsideSubset {
        if (pos + 1 >= length) {
            throw new OutsideSubset();
        }
        char c = text.charAt(pos + 1);
        pos += 2;
        switch (c) {
            case 'b' -> out.append('\b');
            case 't' -> out.append('\t');
            case 'n' -> out.append('\n');
            case 'f' -> out.append('\f');
            case 'r' -> out.append('\r');
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case 'u', 'U' -> {
                int digits = c == 'u' ? 4 : 8;
                if (pos + digits > length) {
                    throw new OutsideSubset();
                }
                int code = 0;
                for (int i = 0; i < digits; i++) {
                    int d = Character.digit(text.charAt(pos + i), 16);
                    if (d < 0) {
                        throw new OutsideSubset();
                    }
                    code = code * 16 + d;
                }
                if (code < 0 || code > Character.MAX_CODE_POINT || (code >= 0xD800 && code <= 0xDFFF)) {
                    throw new OutsideSubset(); // not a Unicode scalar value
                }
                out.appendCodePoint(code);
                pos += digits;
            }
            default -> throw new OutsideSubset();
        }
    }

    /** A one-line array of strings. */
    private TomlArray array() throws OutsideSubset {
        pos++;
        List<Entry> elements = new ArrayList<>();
        skipBlanks();
        if (pos < length && text.charAt(pos) == ']') {
            pos++;
            return new StringArray(elements);
        }
        while (true) {
            TomlPosition at = position();
            if (pos >= length || (text.charAt(pos) != '"' && text.charAt(pos) != '\'')) {
                throw new OutsideSubset();
            }
            elements.add(new Entry(string(), at));
            skipBlanks();
            if (pos < length && text.charAt(pos) == ',') {
                pos++;
                skipBlanks();
                if (pos < length && text.charAt(pos) == ']') {
                    pos++;
                    return new StringArray(elements);
                }
            } else {
                expect(']');
                return new StringArray(elements);
            }
        }
    }

    /** A decimal integer that fits a long easily: {@code 0} or up to 18 digits, with an optional minus. */
    private Long integer() throws OutsideSubset {
        int from = pos;
        if (pos < length && text.charAt(pos) == '-') {
            pos++;
        }
        int digits = pos;
        while (pos < length && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        int count = pos - digits;
        if (count == 0
                || count > 18
                || (text.charAt(digits) == '0' && (count > 1 || digits > from))
                || bareValueAt(pos)) {
            throw new OutsideSubset();
        }
        return Long.valueOf(text.substring(from, pos));
    }

    private boolean bareValueAt(int at) {
        if (at >= length) {
            return false;
        }
        char c = text.charAt(at);
        return isBareKeyChar(c) || c == '.' || c == ':' || c == '+';
    }

    private void skipBlanks() {
        while (pos < length && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    /** Blanks, an optional comment without control characters, then a line end or the end of the text. */
    private void endOfLine() throws OutsideSubset {
        skipBlanks();
        if (pos < length && text.charAt(pos) == '#') {
            while (pos < length && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                if (isControl(text.charAt(pos))) {
                    throw new OutsideSubset();
                }
                pos++;
            }
        }
        if (pos < length && text.charAt(pos) == '\r') {
            pos++;
            if (pos >= length || text.charAt(pos) != '\n') {
                throw new OutsideSubset();
            }
        }
        if (pos < length) {
            if (text.charAt(pos) != '\n') {
                throw new OutsideSubset();
            }
            pos++;
            line++;
            lineStart = pos;
        }
    }

    private void expect(char c) throws OutsideSubset {
        if (pos >= length || text.charAt(pos) != c) {
            throw new OutsideSubset();
        }
        pos++;
    }

    /** Where the reader is, as tomlj counts: lines and columns from 1, columns in code points. */
    private TomlPosition position() {
        return TomlPosition.positionAt(line, text.codePointCount(lineStart, pos) + 1);
    }

    /** Control characters other than tab, which TOML allows neither in strings nor in comments; also a BOM. */
    private static boolean isControl(char c) {
        return (c < 0x20 && c != '\t') || c == 0x7F || c == '\uFEFF';
    }

    private static boolean isBareKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** A value and where its key (or array element) starts. */
    private record Entry(Object value, TomlPosition position) {}

    /** A table as tomlj gives it: keys in document order, tables as {@link Table}, arrays as {@link StringArray}. */
    private static final class Table implements TomlTable {
        private final Map<String, Entry> values = new LinkedHashMap<>();
        private final TomlPosition position;

        Table(TomlPosition position) {
            this.position = position;
        }

        @Override
        public int size() {
            return values.size();
        }

        @Override
        public boolean isEmpty() {
            return values.isEmpty();
        }

        @Override
        public Set<String> keySet() {
            return Collections.unmodifiableSet(values.keySet());
        }

        @Override
        public Set<List<String>> keyPathSet(boolean includeTables) {
            Set<List<String>> out = new LinkedHashSet<>();
            for (Map.Entry<List<String>, Object> e : entryPathSet(includeTables)) {
                out.add(e.getKey());
            }
            return out;
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            Set<Map.Entry<String, Object>> out = new LinkedHashSet<>();
            values.forEach((k, v) -> out.add(new AbstractMap.SimpleImmutableEntry<>(k, v.value)));
            return out;
        }

        @Override
        public Set<Map.Entry<List<String>, Object>> entryPathSet(boolean includeTables) {
            Set<Map.Entry<List<String>, Object>> out = new LinkedHashSet<>();
            values.forEach((k, v) -> {
                if (v.value instanceof Table t) {
                    if (includeTables) {
                        out.add(new AbstractMap.SimpleImmutableEntry<>(List.of(k), t));
                    }
                    for (Map.Entry<List<String>, Object> below : t.entryPathSet(includeTables)) {
                        List<String> path = new ArrayList<>(below.getKey().size() + 1);
                        path.add(k);
                        path.addAll(below.getKey());
                        out.add(new AbstractMap.SimpleImmutableEntry<>(List.copyOf(path), below.getValue()));
                    }
                } else {
                    out.add(new AbstractMap.SimpleImmutableEntry<>(List.of(k), v.value));
                }
            });
            return out;
        }

        @Override
        public Object get(List<String> path) {
            Entry entry = entry(path);
            return entry == null ? (path.isEmpty() ? this : null) : entry.value;
        }

        @Override
        public TomlPosition inputPositionOf(List<String> path) {
            Entry entry = entry(path);
            return entry == null ? (path.isEmpty() ? position : null) : entry.position;
        }

        private Entry entry(List<String> path) {
            Table table = this;
            Entry entry = null;
            for (String part : path) {
                if (table == null) {
                    return null;
                }
                entry = table.values.get(part);
                if (entry == null) {
                    return null;
                }
                table = entry.value instanceof Table t ? t : null;
            }
            return entry;
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            values.forEach((k, v) -> out.put(k, v.value));
            return out;
        }
    }

    /** A one-line array of strings; tomlj's interface still requires its deprecated {@code contains...} methods. */
    @SuppressWarnings("deprecation")
    private static final class StringArray implements TomlArray {
        private final List<Entry> elements;

        StringArray(List<Entry> elements) {
            this.elements = List.copyOf(elements);
        }

        @Override
        public int size() {
            return elements.size();
        }

        @Override
        public boolean isEmpty() {
            return elements.isEmpty();
        }

        @Override
        public boolean containsStrings() {
            return !elements.isEmpty();
        }

        @Override
        public boolean containsLongs() {
            return false;
        }

        @Override
        public boolean containsDoubles() {
            return false;
        }

        @Override
        public boolean containsBooleans() {
            return false;
        }

        @Override
        public boolean containsOffsetDateTimes() {
            return false;
        }

        @Override
        public boolean containsLocalDateTimes() {
            return false;
        }

        @Override
        public boolean containsLocalDates() {
            return false;
        }

        @Override
        public boolean containsLocalTimes() {
            return false;
        }

        @Override
        public boolean containsArrays() {
            return false;
        }

        @Override
        public boolean containsTables() {
            return false;
        }

        @Override
        public Object get(int index) {
            return elements.get(index).value;
        }

        @Override
        public TomlPosition inputPositionOf(int index) {
            return elements.get(index).position;
        }

        @Override
        public List<Object> toList() {
            List<Object> out = new ArrayList<>(elements.size());
            elements.forEach(e -> out.add(e.value));
            return out;
        }
    }
}
