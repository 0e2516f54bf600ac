package dev.rustmaven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the messages a user can see in Java sources and reduces each to a key the troubleshooting page must
 * contain. The rules are described on {@link TroubleshootingPageTest}; this class only applies them.
 */
final class MessageSites {

    /** Exception types whose messages are programming errors or only wrap another message. */
    static final Set<String> NOT_USER_FACING = Set.of(
            // "cannot happen": an internal invariant, not a user's mistake
            "IllegalStateException",
            "AssertionError",
            "UnsupportedOperationException",
            // wraps an IOException whose message is reported where it is caught
            "UncheckedIOException");

    /**
     * Methods whose returned strings are user messages that a caller passes on as a variable, as
     * {@code File.method}; every {@code return} and {@code append(...)} chain in them holding a literal is a message.
     */
    static final Set<String> MESSAGE_METHODS = Set.of(
            "ArCommandLine.refusal",
            "OutputChecker.floorBroken",
            "GlibcFloors.missingSymbolMessage",
            "StartFiles.checkArchitecture",
            "MavenSettingNames.fetchAdvice",
            "StorageProblems.notWritableAdvice",
            "DistServer.whyOutside",
            "InReleaseVerifier.refusal",
            "LibraryFileCheck.refusal",
            "CompatibilityCheck.incompatibility",
            "CompatibilityCheck.glibcNeeds",
            "NoexecProbe.reason",
            "ClassPathSource.glibcNeeds",
            "LoadReport.message",
            "BuildCacheInputs.warning");

    /**
     * Message-less sites that pass on text made elsewhere, as {@code File.java: argument} with why that is
     * fine; anything else without a literal fails the test.
     */
    static final Map<String, String> FORWARDED = Map.of(
            "CargoOutputLog.java: prefix + line", "cargo's own output, passed on line by line",
            "Pipeline.java: message", "a DebianException's message (its sites are scanned) with a note appended",
            "OutputChecker.java: problems", "the list of problems, each added by a site problems.add(...)",
            "ClassPathSource.java: why", "returned by the message methods of CompatibilityCheck and LibraryFileCheck",
            "ClassPathSource.java: refused", "returned by the message method ClassPathSource.glibcNeeds",
            "Extractor.java: refused", "returned by the message method ClassPathSource.glibcNeeds",
            "MavenBuildLog.java: message", "the core's log messages, handed to Maven's log",
            "PlainTextLog.java: plain(message)", "the core's log messages without escape codes, handed on");

    private static final Pattern SINK = Pattern.compile("new\\s+(\\w+(?:Exception|Error))\\s*\\("
            + "|\\b([A-Z]\\w*Exception)\\.([a-z]\\w*)\\s*\\("
            + "|\\.(warn|error|rejected)\\s*\\(|\\berr\\.println\\s*\\(|new\\s+OutputCheck\\s*\\("
            + "|\\bproblems\\.add\\s*\\(|new\\s+Finding\\s*\\(|\\bsuper\\s*\\(");

    private static final Pattern DECLARATION =
            Pattern.compile("[\\w<>\\[\\]]+\\s+(\\w+)\\s*\\(([^()]*)\\)\\s*(?:throws\\s+[\\w.,\\s]+)?\\{");
    private static final Set<String> KEYWORDS = Set.of("if", "for", "while", "switch", "catch", "synchronized");
    /** A caught exception or an exception parameter: {@code catch (IOException e)}, {@code from(CargoException e)}. */
    private static final Pattern CATCH = Pattern.compile("(?:Exception|Error|Throwable)\\s+(\\w+)\\s*[),]");

    private static final Pattern CONSTANT =
            Pattern.compile("static\\s+final\\s+String\\s+([A-Z_][A-Z0-9_]*)\\s*=\\s*([^;]*);");

    /** The text of a message as code builds it: literal parts and {@code null} for each variable part. */
    record Site(String file, int line, List<String> parts, String display) {

        Site(String file, int line, List<String> parts) {
            this(file, line, parts, "");
        }

        /** The key the page must contain, as a pattern over normalised page text; empty without words. */
        Pattern key() {
            StringBuilder regex = new StringBuilder();
            int words = 0;
            boolean started = false;
            for (String part : parts) {
                if (part == null) {
                    if (started) {
                        regex.append(".+?");
                    }
                    continue;
                }
                String text = normalise(part);
                if (!started) {
                    int letter = firstLetter(text);
                    if (letter < 0) {
                        continue;
                    }
                    text = text.substring(letter);
                    started = true;
                }
                regex.append(Pattern.quote(text).replace(" ", "\\E\\s*\\Q"));
                words += text.split("\\s+").length;
                if (words >= KEY_WORDS) {
                    break;
                }
            }
            String r = regex.toString();
            while (r.endsWith(".+?")) {
                r = r.substring(0, r.length() - 3);
            }
            return Pattern.compile(r);
        }

        /** The key for people: literal text, {@code <…>} for variable parts. */
        String keyText() {
            return key().pattern()
                    .replace("\\E\\s*\\Q", " ")
                    .replace(".+?", "<…>")
                    .replace("\\Q", "")
                    .replace("\\E", "");
        }

        boolean hasWords() {
            return parts.stream().anyMatch(p -> p != null && firstLetter(p) >= 0);
        }

        String where() {
            return file + ":" + line;
        }
    }

    /** A site whose message the scanner cannot read: no literal, and not a known pass-through. */
    record Unreadable(String file, int line, String code) {}

    /** The number of words a key holds at least (whole literal parts: a literal is never cut). */
    static final int KEY_WORDS = 4;

    final List<Site> sites = new ArrayList<>();
    final List<Unreadable> unreadable = new ArrayList<>();
    /** Methods found to pass a parameter on as a message: their calls are sites too. */
    final Set<String> derivedSinks;

    private final Set<String> found = new TreeSet<>();

    private MessageSites(Set<String> derivedSinks) {
        this.derivedSinks = derivedSinks;
    }

    static MessageSites scan(Path... roots) {
        Map<String, String> code = new LinkedHashMap<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java"))
                        .sorted()
                        .toList()) {
                    code.put(
                            root.relativize(file).toString().replace('\\', '/'),
                            withoutComments(Files.readString(file, StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Set<String> derived = new TreeSet<>();
        while (true) {
            MessageSites result = new MessageSites(Set.copyOf(derived));
            code.forEach(result::scanFile);
            if (!derived.addAll(result.found)) {
                return result;
            }
        }
    }

    private void scanFile(String path, String code) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        Map<String, String> constants = new HashMap<>();
        Matcher c = CONSTANT.matcher(code);
        while (c.find()) {
            List<String> value = parts(c.group(2), Map.of());
            if (value.size() == 1 && value.get(0) != null) {
                constants.put(c.group(1), value.get(0));
            }
        }
        Set<String> caught = new HashSet<>();
        Matcher k = CATCH.matcher(code);
        while (k.find()) {
            caught.add(k.group(1));
        }
        Set<Integer> seen = new HashSet<>();
        TreeMap<Integer, MatchResult> declarations = new TreeMap<>();
        Matcher declaration = DECLARATION.matcher(code);
        while (declaration.find()) {
            if (!KEYWORDS.contains(declaration.group(1))) {
                declarations.put(declaration.start(), declaration.toMatchResult());
            }
        }
        Matcher m = SINK.matcher(code);
        while (m.find()) {
            if (m.group(1) == null || !NOT_USER_FACING.contains(m.group(1))) {
                site(path, code, m.start(), m.end() - 1, constants, caught, seen, declarations);
            }
        }
        if (!derivedSinks.isEmpty()) {
            Matcher d = Pattern.compile("\\b(" + String.join("|", derivedSinks) + ")\\s*\\(")
                    .matcher(code);
            while (d.find()) {
                if (!isDeclaration(code, d.start())) {
                    site(path, code, d.start(), d.end() - 1, constants, caught, seen, declarations);
                }
            }
        }
        String base = name.replace(".java", "");
        for (String method : MESSAGE_METHODS) {
            if (method.startsWith(base + ".")) {
                scanMessageMethod(path, code, method.substring(base.length() + 1), constants);
            }
        }
    }

    private void site(
            String path,
            String code,
            int start,
            int open,
            Map<String, String> constants,
            Set<String> caught,
            Set<Integer> seen,
            TreeMap<Integer, MatchResult> declarations) {
        if (!seen.add(open)) {
            return;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        List<String> args = arguments(code, open);
        int line = lineOf(code, start);
        // the loader's report and an output check take their message last
        List<String> candidates = code.startsWith(".rejected", start) || code.startsWith("new OutputCheck", start)
                ? args.subList(args.size() - 1, args.size())
                : args;
        String message = candidates.stream()
                .filter(a -> new Site(name, 0, parts(a, constants)).hasWords())
                .findFirst()
                .orElse(candidates.stream()
                        .filter(a -> a.contains("\""))
                        .findFirst()
                        .orElse(null));
        if (args.stream().anyMatch(a -> a.matches("(?s).*\\bnew\\s+\\w+(Exception|Error)\\s*\\(.*"))) {
            return; // the exception made inside is a site of its own
        }
        boolean derived = !SINK.matcher(code).region(start, code.length()).lookingAt();
        Map.Entry<Integer, MatchResult> declaration = declarations.lowerEntry(start);
        MatchResult enclosing = declaration == null ? null : declaration.getValue();
        Set<String> parameters = new HashSet<>();
        if (enclosing != null && enclosing.group(0).matches("(?s).*\\w+(Exception|Error)\\s+\\w+\\s*\\(.*")) {
            for (String p : enclosing.group(2).split(",")) {
                String[] words = p.trim().split("\\s+");
                if (words.length >= 2 && words[words.length - 2].equals("String")) {
                    parameters.add(words[words.length - 1]);
                }
            }
        }
        boolean forwardsParameter = false;
        for (String a : args) {
            for (String operand : split(a, '+')) {
                if (parameters.contains(operand.trim())) {
                    // a factory that makes an exception from its caller's message: its calls are sites (an
                    // exception type's own factories are called qualified, as SINK finds them)
                    if (!name.endsWith("Exception.java")) {
                        found.add(enclosing.group(1));
                    }
                    forwardsParameter = true;
                }
            }
        }
        if (message != null) {
            Site site = new Site(path, line, parts(message, constants), display(message, constants));
            if (site.hasWords()) {
                sites.add(site);
            } else if (hasLetters(message) && !forwardsParameter) {
                unreadable.add(new Unreadable(path, line, message.trim()));
            }
            return;
        }
        if (forwardsParameter || args.isEmpty() || code.startsWith("super", start)) {
            return;
        }
        for (String a : args) {
            String t = a.trim();
            if (FORWARDED.containsKey(name + ": " + t)) {
                return;
            }
            // a caught exception, its message, or another sink's exception: reported where it is made
            String head = t.split("[.(\\s]", 2)[0];
            if (caught.contains(head) || t.startsWith("new ")) {
                return;
            }
            for (String method : MESSAGE_METHODS) {
                if (t.startsWith(method.substring(method.indexOf('.') + 1) + "(")) {
                    return;
                }
            }
        }
        if (derived) {
            return; // a call of a method of the same name elsewhere, without a message
        }
        unreadable.add(new Unreadable(path, line, code.substring(start, closing(code, open) + 1)));
    }

    /** Whether the name at {@code index} is declared there rather than called. */
    private static boolean isDeclaration(String code, int index) {
        int j = index - 1;
        while (j >= 0 && Character.isWhitespace(code.charAt(j))) {
            j--;
        }
        if (j < 0
                || !(Character.isLetterOrDigit(code.charAt(j)) || code.charAt(j) == '>' || code.charAt(j) == ']')
                || code.startsWith("->", j - 1)) {
            return false;
        }
        int end = j + 1;
        while (j >= 0 && Character.isLetterOrDigit(code.charAt(j))) {
            j--;
        }
        return !Set.of("return", "throw", "else", "case", "new").contains(code.substring(j + 1, end));
    }

    private void scanMessageMethod(String file, String code, String method, Map<String, String> constants) {
        Matcher declaration = Pattern.compile(
                        "\\b(?:String|Optional<String>)\\s+" + method + "\\s*\\([^)]*\\)[^{;]*\\{")
                .matcher(code);
        boolean found = false;
        while (declaration.find()) {
            found = true;
            int open = declaration.end() - 1;
            int close = closing(code, open);
            String body = code.substring(open, close);
            List<String> expressions = new ArrayList<>();
            List<Integer> offsets = new ArrayList<>();
            Matcher r = Pattern.compile("\\breturn\\s").matcher(body);
            while (r.find()) {
                expressions.add(body.substring(r.end(), statementEnd(body, r.end())));
                offsets.add(r.start());
            }
            // a chain s.append(a).append(b)... is read as a + b + ...
            Matcher chain = Pattern.compile("\\.append\\s*\\(").matcher(body);
            int consumed = -1;
            while (chain.find()) {
                if (chain.start() < consumed) {
                    continue;
                }
                List<String> links = new ArrayList<>();
                int at = chain.start();
                while (body.startsWith(".append(", at)) {
                    int end = closing(body, at + ".append".length());
                    links.add(body.substring(at + ".append(".length(), end));
                    at = end + 1;
                    while (at < body.length() && Character.isWhitespace(body.charAt(at))) {
                        at++;
                    }
                }
                consumed = at;
                expressions.add(String.join(" + ", links));
                offsets.add(chain.start());
            }
            for (int i = 0; i < expressions.size(); i++) {
                String expression = expressions.get(i);
                if (expression.contains("\"")) {
                    Site site = new Site(
                            file,
                            lineOf(code, open + offsets.get(i)),
                            parts(expression, constants),
                            display(expression, constants));
                    if (site.hasWords() || !hasLetters(expression)) {
                        sites.add(site);
                    } else {
                        unreadable.add(new Unreadable(file, site.line(), expression.trim()));
                    }
                }
            }
        }
        if (!found) {
            unreadable.add(new Unreadable(file, 0, "message method " + method + " not found"));
        }
    }

    /** Splits an expression at its top-level {@code +}: literals give text, anything else a variable part. */
    static List<String> parts(String expression, Map<String, String> constants) {
        List<String> parts = new ArrayList<>();
        for (String operand : split(unwrap(expression), '+')) {
            String t = operand.trim();
            String literal = constants.containsKey(t) ? constants.get(t) : literal(t);
            if (literal != null) {
                int last = parts.size() - 1;
                if (last >= 0 && parts.get(last) != null) {
                    parts.set(last, parts.get(last) + literal);
                } else {
                    parts.add(literal);
                }
            } else if (parts.isEmpty() || parts.get(parts.size() - 1) != null) {
                parts.add(null);
            }
        }
        return parts;
    }

    /** The message as a reader sees it: literal text, and {@code <name>} for each variable part. */
    static String display(String expression, Map<String, String> constants) {
        StringBuilder s = new StringBuilder();
        for (String operand : split(unwrap(expression), '+')) {
            String t = operand.trim();
            String literal = constants.containsKey(t) ? constants.get(t) : literal(t);
            if (literal != null) {
                s.append(literal);
                continue;
            }
            Matcher setting = Pattern.compile("Setting\\.(\\w+)").matcher(t);
            String name;
            if (setting.find() && !t.contains("?")) {
                name = lower(setting.group(1)).replace('_', '-') + " setting";
            } else if (t.matches("\\w+\\.getMessage\\(\\)|e|cause")) {
                name = "error";
            } else {
                String u = t.replaceAll("\\(\\)$", "").replaceAll("\\.(get|orElse|toString)\\b.*$", "");
                Matcher w = Pattern.compile("(\\w+)(?:\\([^()]*\\))?$").matcher(u);
                name = w.find() ? w.group(1) : "…";
            }
            s.append('<').append(name).append('>');
        }
        return s.toString().replaceAll("\\s+", " ").trim();
    }

    private static final Pattern WRAPPED = Pattern.compile("(?s)(?:Optional|List)\\.of\\((.*)\\)");
    private static final Pattern FORMAT = Pattern.compile("(?s)String\\.format\\((.*)\\)");
    private static final Pattern SPECIFIER = Pattern.compile("%[-#+ 0,(]*\\d*(?:\\.\\d+)?[a-zA-Z%]");

    /**
     * {@code Optional.of(x)} and {@code List.of(x)} read as {@code x}; {@code String.format("a %s b", v)} as
     * {@code "a " + v + " b"}.
     */
    static String unwrap(String expression) {
        String t = expression.trim();
        Matcher wrapped = WRAPPED.matcher(t);
        if (wrapped.matches() && closing(t, t.indexOf('(')) == t.length() - 1) {
            return unwrap(wrapped.group(1));
        }
        Matcher format = FORMAT.matcher(t);
        if (format.matches() && closing(t, t.indexOf('(')) == t.length() - 1) {
            String pattern = split(format.group(1), ',').stream()
                    .map(String::trim)
                    .filter(a -> literal(a) != null)
                    .findFirst()
                    .orElse(null);
            if (pattern != null) {
                return SPECIFIER.matcher(pattern).replaceAll("\" + v + \"");
            }
        }
        return expression;
    }

    /** The value of a single string literal, or null if {@code t} is not one. */
    private static String literal(String t) {
        if (t.length() < 2 || t.charAt(0) != '"' || skipString(t, 0) != t.length()) {
            return null;
        }
        String body = t.substring(1, t.length() - 1);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char n = body.charAt(++i);
                s.append(
                        switch (n) {
                            case 'n', 't' -> ' ';
                            default -> n;
                        });
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    /** Page and key text compared alike: no backticks, single spaces. */
    static String normalise(String text) {
        return text.replace("`", "").replaceAll("\\s+", " ");
    }

    /** Whether some literal in {@code code} holds a letter. */
    private static boolean hasLetters(String code) {
        Matcher m = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"").matcher(code);
        while (m.find()) {
            if (firstLetter(literal(m.group())) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int firstLetter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isLetter(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The source with comments blanked; line breaks kept so that line numbers stay right. */
    static String withoutComments(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                for (char k : s.substring(i, end + 2).toCharArray()) {
                    out.append(k == '\n' ? '\n' : ' ');
                }
                i = end + 2;
            } else if (c == '"' || c == '\'') {
                int end = skipString(s, i);
                out.append(s, i, end);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The index after the string or char literal starting at {@code i}. */
    private static int skipString(String s, int i) {
        char quote = s.charAt(i);
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != quote) {
            j += s.charAt(j) == '\\' ? 2 : 1;
        }
        return j + 1;
    }

    /** The index of the bracket closing the one at {@code open}. */
    private static int closing(String s, int open) {
        int depth = 0;
        int j = open;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == '"' || c == '\'') {
                j = skipString(s, j);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
                if (depth == 0) {
                    return j;
                }
            }
            j++;
        }
        throw new IllegalArgumentException("unbalanced bracket at " + open);
    }

    /** The index of the {@code ;} ending the statement that starts at {@code start}. */
    private static int statementEnd(String s, int start) {
        int depth = 0;
        int j = start;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == '"' || c == '\'') {
                j = skipString(s, j);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ';' && depth == 0) {
                return j;
            }
            j++;
        }
        return s.length();
    }

    /** The top-level arguments of the call whose {@code (} is at {@code open}. */
    private static List<String> arguments(String s, int open) {
        String inside = s.substring(open + 1, closing(s, open));
        return inside.isBlank() ? List.of() : split(inside, ',');
    }

    /** Splits at top-level {@code separator}s, outside brackets and literals. */
    private static List<String> split(String s, char separator) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        int j = 0;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == '"' || c == '\'') {
                j = skipString(s, j);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == separator && depth == 0) {
                out.add(s.substring(start, j));
                start = j + 1;
            }
            j++;
        }
        out.add(s.substring(start));
        return out;
    }

    private static int lineOf(String s, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
