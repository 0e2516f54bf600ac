package dev.rustmaven.link;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes {@code @file} response files with the quoting rules of GNU tools (libiberty's
 * {@code buildargv}): whitespace separates arguments, a backslash takes the next character literally
 * (inside quotes too), and single or double quotes group characters, whitespace included.
 *
 * <p>rustc writes one when a linker command line is too long to start a process with; LLD reads the
 * ones this front end writes for the same reason.
 */
public final class ResponseFiles {

    /** Deeper nesting than this is taken for a loop of files naming each other. */
    static final int MAX_DEPTH = 32;

    private ResponseFiles() {}

    /**
     * Replaces every {@code @file} argument by the arguments the file holds, recursively. As with gcc,
     * an {@code @file} that does not exist stays as it is (LLD then reports it as a missing input), and
     * relative names are resolved against {@code workingDirectory}, not the naming file.
     *
     * @throws IOException when a response file exists but cannot be read, or files nest too deeply
     */
    public static List<String> expand(List<String> arguments, Path workingDirectory) throws IOException {
        List<String> expanded = new ArrayList<>(arguments.size());
        expandInto(arguments, workingDirectory, expanded, 0);
        return expanded;
    }

    private static void expandInto(List<String> arguments, Path workingDirectory, List<String> out, int depth)
            throws IOException {
        for (String argument : arguments) {
            if (argument.length() < 2 || argument.charAt(0) != '@') {
                out.add(argument);
                continue;
            }
            Path file = workingDirectory.resolve(argument.substring(1));
            if (!Files.isRegularFile(file)) {
                out.add(argument);
                continue;
            }
            if (depth >= MAX_DEPTH) {
                throw new IOException("response file " + file + " is nested more than " + MAX_DEPTH
                        + " levels deep: do the @files name each other in a loop?");
            }
            String content;
            try {
                content = Files.readString(file, StandardCharsets.UTF_8);
            } catch (CharacterCodingException e) {
                throw new IOException("response file " + file + " is not UTF-8 text", e);
            }
            expandInto(parse(content), workingDirectory, out, depth + 1);
        }
    }

    /** Splits the text of a response file into arguments. */
    public static List<String> parse(String content) {
        List<String> arguments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inArgument = false;
        boolean escaped = false;
        char quote = 0;
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (escaped) {
                current.append(c);
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
                inArgument = true;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inArgument = true;
            } else if (isSpace(c)) {
                if (inArgument) {
                    arguments.add(current.toString());
                    current.setLength(0);
                    inArgument = false;
                }
            } else {
                current.append(c);
                inArgument = true;
            }
        }
        if (inArgument) {
            arguments.add(current.toString());
        }
        return arguments;
    }

    /**
     * The text of a response file holding {@code arguments}, one per line, quoted so that {@link #parse}
     * and LLD's GNU-style reader ({@code --rsp-quoting=posix}) give back exactly the same arguments.
     */
    public static String format(List<String> arguments) {
        StringBuilder text = new StringBuilder();
        for (String argument : arguments) {
            appendQuoted(text, argument);
            text.append('\n');
        }
        return text.toString();
    }

    private static void appendQuoted(StringBuilder text, String argument) {
        boolean hasLineBreak = argument.indexOf('\n') >= 0 || argument.indexOf('\r') >= 0;
        // Line breaks are kept inside double quotes; everything else special is backslash-escaped.
        if (argument.isEmpty() || hasLineBreak) {
            text.append('"');
        }
        for (int i = 0; i < argument.length(); i++) {
            char c = argument.charAt(i);
            if (c == '\\' || c == '"' || c == '\'' || (!hasLineBreak && isSpace(c))) {
                text.append('\\');
            }
            text.append(c);
        }
        if (argument.isEmpty() || hasLineBreak) {
            text.append('"');
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }
}
