package dev.rustmaven.it.scripts;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The project's own shell lint rule: no pipeline whose reader may stop before its writer is done.
 *
 * <p>{@code cmd | head -1}, {@code cmd | grep -q x} and {@code cmd | grep -m 1 x} end the reader as soon
 * as it has what it wants; a writer still writing then dies of SIGPIPE (status 141). Under
 * {@code set -o pipefail} that status becomes the pipeline's, and under {@code set -e} the script ends:
 * at random, depending on how fast the two processes run. The rule applies to every script of the
 * repository, not only to those that set {@code pipefail} themselves, because the bench's libraries are
 * sourced by a script that does. A pipeline is accepted when its writer's failure is explicitly
 * ignored: {@code { cmd || true; } | head -1}.
 *
 * <p>A small lexer, not a shell parser: it follows quotes, {@code $(...)} (also inside double quotes),
 * comments, line continuations and here-document bodies, which is what the repository's scripts use.
 */
final class EarlyExitPipeRule {

    /** One offending pipe: the 1-based line it is on, the reader that stops early, and the line's text. */
    record Finding(int line, String reader, String text) {
        @Override
        public String toString() {
            return "line " + line + ": '| " + reader + "' may stop reading while the command before it still writes;"
                    + " under pipefail its SIGPIPE fails the script at random. Capture the output first"
                    + " (out=$(cmd); then test or slice \"$out\", or use a here-string) or ignore the writer's"
                    + " status explicitly ({ cmd || true; } | ...): " + text.strip();
        }
    }

    private static final Set<String> GREPS = Set.of("grep", "egrep", "fgrep");
    private static final Set<String> GREP_LONG_EARLY =
            Set.of("--quiet", "--silent", "--max-count", "--files-with-matches");
    private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\\1");
    private static final Pattern WRITER_IGNORED =
            Pattern.compile(".*\\|\\|\\s*(true|:)\\s*;?\\s*[})]\\s*$", Pattern.DOTALL);

    private EarlyExitPipeRule() {}

    /** Every pipe into a reader that may stop early, in order. */
    static List<Finding> check(String script) {
        List<Finding> findings = new ArrayList<>();
        String[] lines = script.split("\n", -1);
        StringBuilder logical = new StringBuilder();
        int logicalStart = 0;
        String heredocEnd = null;
        boolean heredocTabs = false;
        List<String[]> pendingHeredocs = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (heredocEnd != null) {
                String candidate = heredocTabs ? line.replaceFirst("^\t+", "") : line;
                if (candidate.equals(heredocEnd)) {
                    heredocEnd = null;
                    if (!pendingHeredocs.isEmpty()) {
                        String[] next = pendingHeredocs.remove(0);
                        heredocEnd = next[0];
                        heredocTabs = next[1] != null;
                    }
                }
                continue;
            }
            if (logical.length() == 0) {
                logicalStart = i + 1;
            }
            String code = stripComment(line);
            String trimmed = code.stripTrailing();
            if (trimmed.endsWith("\\")) {
                logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            logical.append(code);
            if (trimmed.endsWith("|") || trimmed.endsWith("&&")) {
                logical.append(' ');
                continue;
            }
            String text = logical.toString();
            logical.setLength(0);
            scan(text, logicalStart, findings);
            var heredoc = HEREDOC.matcher(text);
            while (heredoc.find()) {
                boolean tabs = text.startsWith("<<-", heredoc.start());
                pendingHeredocs.add(new String[] {heredoc.group(2), tabs ? "tabs" : null});
            }
            if (!pendingHeredocs.isEmpty()) {
                String[] first = pendingHeredocs.remove(0);
                heredocEnd = first[0];
                heredocTabs = first[1] != null;
            }
        }
        return findings;
    }

    /** The line without its comment: a '#' that starts a word outside quotes. */
    static String stripComment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (single) {
                single = c != '\'';
            } else if (c == '\\') {
                i++;
            } else if (c == '\'' && !dbl) {
                single = true;
            } else if (c == '"') {
                dbl = !dbl;
            } else if (c == '#'
                    && !dbl
                    && (i == 0 || Character.isWhitespace(line.charAt(i - 1)) || line.charAt(i - 1) == ';')) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /**
     * Walks one logical line; at every unquoted single '|' (also inside {@code $(...)}), looks at the
     * command that follows it.
     */
    private static void scan(String text, int line, List<Finding> findings) {
        // Each frame: 'n' normal code, 'd' double quotes, 's' single quotes; '$' marks a $( frame's base.
        StringBuilder stack = new StringBuilder("n");
        for (int i = 0; i < text.length(); i++) {
            char mode = stack.charAt(stack.length() - 1);
            char c = text.charAt(i);
            if (mode == 's') {
                if (c == '\'') {
                    stack.setLength(stack.length() - 1);
                }
                continue;
            }
            if (c == '\\') {
                i++;
                continue;
            }
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
                stack.append('$').append('n');
                i++;
                continue;
            }
            if (mode == 'd') {
                if (c == '"') {
                    stack.setLength(stack.length() - 1);
                }
                continue;
            }
            switch (c) {
                case '\'' -> stack.append('s');
                case '"' -> stack.append('d');
                case '(' -> stack.append('(').append('n');
                case ')' -> {
                    if (stack.length() >= 3) {
                        stack.setLength(stack.length() - 2);
                    }
                }
                case '|' -> {
                    boolean orOperator = (i + 1 < text.length() && text.charAt(i + 1) == '|')
                            || (i > 0 && text.charAt(i - 1) == '|');
                    if (orOperator) {
                        break;
                    }
                    String writer = text.substring(0, i);
                    int readerStart = i + 1 < text.length() && text.charAt(i + 1) == '&' ? i + 2 : i + 1;
                    String reader = earlyReader(text, readerStart);
                    if (reader != null && !WRITER_IGNORED.matcher(writer).matches()) {
                        findings.add(new Finding(line, reader, text));
                    }
                }
                default -> {
                    // other characters carry no structure here
                }
            }
        }
    }

    /** The reader command after a pipe if it may stop early ({@code head}, {@code grep -q}/{@code -m}/{@code -l}), else null. */
    static String earlyReader(String text, int from) {
        List<String> words = words(text, from);
        if (words.isEmpty()) {
            return null;
        }
        String command = words.get(0);
        if (command.equals("head")) {
            return String.join(" ", words);
        }
        if (!GREPS.contains(command)) {
            return null;
        }
        boolean argumentNext = false;
        for (String word : words.subList(1, words.size())) {
            if (argumentNext) {
                argumentNext = false;
                continue;
            }
            if (word.equals("--")) {
                break;
            }
            if (word.startsWith("--")) {
                String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
                if (GREP_LONG_EARLY.contains(name)) {
                    return String.join(" ", words);
                }
            } else if (word.startsWith("-")
                    && word.length() > 1
                    && word.chars().skip(1).allMatch(Character::isLetterOrDigit)) {
                // In a short-option cluster, an option taking an argument (e, f, A, B, C, d) ends the cluster,
                // and takes the next word when nothing follows it; m stops early whatever its count.
                String cluster = word.substring(1);
                for (int k = 0; k < cluster.length(); k++) {
                    char o = cluster.charAt(k);
                    if (o == 'q' || o == 'm' || o == 'l') {
                        return String.join(" ", words);
                    }
                    if ("efABCd".indexOf(o) >= 0) {
                        argumentNext = k == cluster.length() - 1;
                        break;
                    }
                }
            }
        }
        return null;
    }

    /** The unquoted words of the simple command starting at {@code from}, up to the next operator. */
    private static List<String> words(String text, int from) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                continue;
            }
            if (c == '|' || c == ';' || c == '&' || c == ')' || c == '<' || c == '>') {
                break;
            }
            if (Character.isWhitespace(c)) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
                continue;
            }
            word.append(c);
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }
}
