package dev.rustmaven.archiver;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@code ar} command line, in the part of the GNU and {@code llvm-ar} syntax that build tools use:
 * {@code [-]<operation>[modifiers] <archive> [files...]}, where the operation and modifiers may also come as
 * several dash-prefixed words ({@code -c -q}).
 *
 * <p>The {@code cc} crate runs {@code ar cq lib.a a.o b.o} per batch of objects and then {@code ar s lib.a}
 * (since 1.0.65; {@code cqD} and {@code sD} since 1.2.59), earlier {@code ar crs lib.a objs...}, each preceded
 * by the words of {@code ARFLAGS}. Accepted:
 *
 * <ul>
 *   <li>operations: {@code q} (append the files, even when a member has the name already), {@code r} (replace
 *       the member of the same name, or append), {@code s} alone (write the symbol index, as {@code ranlib}),
 *       {@code t} (list the members);
 *   <li>modifiers: {@code c} (create the archive without a note), {@code s} (write the index; the default),
 *       {@code S} (no index), {@code D} (deterministic; always the case), {@code u} (replace only newer files:
 *       every member's time is 0, so every file is newer, as with GNU {@code ar} in deterministic mode),
 *       {@code v} (name each file added or replaced), {@code l} (ignored, as by GNU {@code ar});
 *   <li>options: {@code --plugin <file>} (the LTO plugin {@code gcc-ar} passes; ignored), {@code
 *       --format=gnu}, {@code --help}, {@code --version}.
 * </ul>
 *
 * @param operation what to do
 * @param quietCreate {@code c}: no note when the archive is created
 * @param writeIndex whether to write the symbol index
 * @param verbose {@code v}
 * @param archive the archive's name as given
 * @param files the files to add, as given
 */
public record ArCommandLine(
        Operation operation,
        boolean quietCreate,
        boolean writeIndex,
        boolean verbose,
        String archive,
        List<String> files) {

    /** The operations this archiver performs. */
    public enum Operation {
        QUICK_APPEND('q', "append"),
        REPLACE('r', "replace or add"),
        INDEX('s', "write the symbol index"),
        LIST('t', "list the members"),
        HELP('?', "print the usage"),
        VERSION('V', "print the version");

        private final char letter;
        private final String description;

        Operation(char letter, String description) {
            this.letter = letter;
            this.description = description;
        }

        public char letter() {
            return letter;
        }

        public String description() {
            return description;
        }
    }

    /** The usage line, for messages. */
    public static final String USAGE =
            "usage: ar [-]{q|r|s|t}[cDlsSuv] <archive> [<file>...]; @<file> reads" + " arguments from a response file";

    /** What the archiver does, named in every refusal. */
    static final String SUPPORTED = "this archiver supports the operations q (append), r (replace or add),"
            + " s (write the symbol index) and t (list), with the modifiers c, D, l, s, S, u and v";

    public ArCommandLine {
        files = List.copyOf(files);
    }

    /**
     * Parses a command line whose response files are already expanded.
     *
     * @throws ArUsageException naming what is wrong or unsupported, and what is supported
     */
    public static ArCommandLine parse(List<String> args) throws ArUsageException {
        StringBuilder key = new StringBuilder();
        boolean keyGiven = false;
        String archive = null;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (archive != null) {
                files.add(arg);
            } else if (arg.equals("--help")) {
                return new ArCommandLine(Operation.HELP, false, false, false, "", List.of());
            } else if (arg.equals("--version")) {
                return new ArCommandLine(Operation.VERSION, false, false, false, "", List.of());
            } else if (arg.equals("--plugin")) {
                if (i + 1 == args.size()) {
                    throw new ArUsageException("--plugin needs a file name after it");
                }
                i++;
            } else if (arg.startsWith("--plugin=") || arg.equals("--format=gnu")) {
                // The LTO plugin of gcc-ar means nothing here; GNU is the only format written.
                continue;
            } else if (arg.startsWith("--format=")) {
                throw new ArUsageException("the archive format '" + arg.substring("--format=".length())
                        + "' is not supported: this archiver writes the GNU format (--format=gnu) only");
            } else if (arg.startsWith("--")) {
                throw new ArUsageException("unknown option " + arg + "; " + SUPPORTED
                        + ", and the options --plugin, --format=gnu," + " --help and --version");
            } else if (arg.startsWith("-") && arg.length() > 1) {
                key.append(arg, 1, arg.length());
                keyGiven = true;
            } else if (!keyGiven) {
                key.append(arg);
                keyGiven = true;
            } else {
                archive = arg;
            }
        }
        return interpret(key.toString(), archive, files);
    }

    private static ArCommandLine interpret(String key, String archive, List<String> files) throws ArUsageException {
        Operation operation = null;
        boolean quietCreate = false;
        boolean writeIndex = true;
        boolean verbose = false;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            Operation named = null;
            if (c == 'q') {
                named = Operation.QUICK_APPEND;
            } else if (c == 'r') {
                named = Operation.REPLACE;
            } else if (c == 't') {
                named = Operation.LIST;
            } else if (c == 'c') {
                quietCreate = true;
            } else if (c == 's') {
                writeIndex = true;
            } else if (c == 'S') {
                writeIndex = false;
            } else if (c == 'v') {
                verbose = true;
            } else if (c != 'D' && c != 'u' && c != 'l') {
                throw new ArUsageException(refusal(c, key));
            }
            if (named != null) {
                if (operation != null && operation != named) {
                    throw new ArUsageException("'" + key + "' asks for two operations, " + operation.letter() + " and "
                            + named.letter() + ": give one; " + SUPPORTED);
                }
                operation = named;
            }
        }
        if (operation == null) {
            if (key.indexOf('s') < 0) {
                throw new ArUsageException((key.isEmpty() ? "no operation given" : "'" + key + "' names no operation")
                        + "; " + SUPPORTED + "; " + USAGE);
            }
            operation = Operation.INDEX;
            writeIndex = true;
        }
        if (archive == null) {
            throw new ArUsageException("no archive named after '" + key + "'; " + USAGE);
        }
        if (operation == Operation.INDEX || operation == Operation.LIST) {
            if (!files.isEmpty()) {
                throw new ArUsageException("operation " + operation.letter() + " (" + operation.description()
                        + ") takes only the archive, not " + String.join(" ", files));
            }
        }
        return new ArCommandLine(operation, quietCreate, writeIndex, verbose, archive, files);
    }

    private static String refusal(char c, String key) {
        String what = switch (c) {
            case 'd' -> "operation 'd' (delete members)";
            case 'm' -> "operation 'm' (move members)";
            case 'p' -> "operation 'p' (print members)";
            case 'x' -> "operation 'x' (extract members)";
            case 'a', 'b', 'i' -> "modifier '" + c + "' (insert at a position named by a member)";
            case 'N' -> "modifier 'N' (the instance of a repeated name)";
            case 'o' -> "modifier 'o' (keep the original dates)";
            case 'P' -> "modifier 'P' (full path names)";
            case 'T' -> "modifier 'T' (thin archives)";
            case 'U' -> "modifier 'U' (real times, owners and modes)";
            default -> "'" + c + "', an unknown operation or modifier,";
        };
        String why = c == 'U' ? " (archives written here are always deterministic)" : "";
        return what + " in '" + key + "' is not supported" + why + "; " + SUPPORTED;
    }
}
