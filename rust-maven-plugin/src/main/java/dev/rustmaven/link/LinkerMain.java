package dev.rustmaven.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The linker front end's entry point, started by the generated launcher once per link:
 * {@code LinkerMain --config <file> [--dry-run] [--response-file-threshold <chars>] <gcc-style arguments...>}.
 *
 * <p>It reads the configuration, expands response files, translates the arguments, runs LLD and exits
 * with LLD's exit code; LLD's standard error reaches rustc unchanged, followed by a note naming the
 * LLD command and the target when LLD fails. {@code --dry-run} prints the LLD command line (one
 * argument per line) instead of running it.
 *
 * <p>Start-up is paid on every link, so this class touches only the JDK and this package, and avoids
 * what costs JVM start-up time (lambdas, string concatenation bootstraps, regular expressions) on the
 * path of a successful link.
 */
public final class LinkerMain {

    /** Command lines longer than this (in characters) reach LLD through a response file. */
    static final int RESPONSE_FILE_THRESHOLD = 30_000;

    private static final String PREFIX = "rust-maven-plugin linker: ";

    private LinkerMain() {}

    public static void main(String[] args) {
        int exit = run(Arrays.asList(args), Path.of(""), System.out, System.err, RESPONSE_FILE_THRESHOLD);
        System.out.flush();
        System.err.flush();
        System.exit(exit);
    }

    /**
     * Runs one link.
     *
     * @param args the front end's options followed by the gcc-style arguments
     * @param workingDirectory against which relative {@code @file} names are resolved
     * @param out where {@code --dry-run} prints the LLD command line (LLD's own output is inherited)
     * @param err where LLD's standard error and the front end's messages go
     * @param responseFileThreshold command lines longer than this go to LLD in a response file, unless
     *     {@code --response-file-threshold} says otherwise
     * @return the exit code: LLD's, or 1 when the front end itself failed, 2 on a usage error
     */
    static int run(
            List<String> args, Path workingDirectory, PrintStream out, PrintStream err, int responseFileThreshold) {
        Path configFile = null;
        boolean dryRun = false;
        int first = 0;
        while (first < args.size()) {
            String option = args.get(first);
            if (option.equals("--config") && first + 1 < args.size()) {
                configFile = workingDirectory.resolve(args.get(first + 1));
                first += 2;
            } else if (option.equals("--dry-run")) {
                dryRun = true;
                first++;
            } else if (option.equals("--response-file-threshold") && first + 1 < args.size()) {
                try {
                    responseFileThreshold = Integer.parseInt(args.get(first + 1));
                } catch (NumberFormatException e) {
                    err.println(PREFIX + "error: --response-file-threshold needs a number of characters, not "
                            + args.get(first + 1));
                    return 2;
                }
                first += 2;
            } else {
                break;
            }
        }
        if (configFile == null) {
            err.println(PREFIX + "usage: LinkerMain --config <file> [--dry-run] [--response-file-threshold <chars>]"
                    + " <gcc-style linker arguments>");
            return 2;
        }

        LinkerConfig config;
        List<String> command;
        try {
            config = LinkerConfig.load(configFile);
            List<String> gccArgs = ResponseFiles.expand(args.subList(first, args.size()), workingDirectory);
            GccLink link = GccArgumentTranslator.translate(gccArgs);
            command = LldCommand.commandLine(config, link);
            if (dryRun) {
                for (String arg : command) {
                    out.println(arg);
                }
                return 0;
            }
            if (link.verbose()) {
                err.println(PREFIX + String.join(" ", command));
            }
        } catch (LinkerConfigException | LinkerArgumentException e) {
            err.println(PREFIX + "error: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println(PREFIX + "error: cannot read a response file: " + e.getMessage());
            return 1;
        }
        return runLld(command, config, err, responseFileThreshold);
    }

    private static int runLld(List<String> command, LinkerConfig config, PrintStream err, int threshold) {
        Path responseFile = null;
        try {
            List<String> launched = command;
            if (length(command) > threshold) {
                try {
                    responseFile = Files.createTempFile("rust-lld-", ".rsp");
                    Files.writeString(
                            responseFile,
                            ResponseFiles.format(command.subList(3, command.size())),
                            StandardCharsets.UTF_8);
                } catch (IOException e) {
                    err.println(PREFIX + "error: cannot write a response file for LLD: " + e.getMessage());
                    return 1;
                }
                launched = new ArrayList<>(5);
                launched.addAll(command.subList(0, 3));
                // LLD reads response files with Windows rules on Windows unless told otherwise.
                launched.add("--rsp-quoting=posix");
                launched.add("@".concat(responseFile.toString()));
            }
            Process lld;
            try {
                lld = new ProcessBuilder(launched)
                        .redirectInput(ProcessBuilder.Redirect.INHERIT)
                        .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                        .start();
            } catch (IOException e) {
                err.println(PREFIX + "error: cannot run LLD " + config.lld() + ": " + startProblem(config.lld(), e)
                        + "; check the lld path in the linker front end configuration");
                return 1;
            }
            byte[] stderr;
            try (InputStream in = lld.getErrorStream()) {
                stderr = in.readAllBytes();
            } catch (IOException e) {
                stderr = new byte[0];
            }
            int exit = lld.waitFor();
            err.write(stderr, 0, stderr.length);
            if (exit != 0) {
                explainFailure(exit, command, config, new String(stderr, StandardCharsets.UTF_8), err);
            }
            return exit;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(PREFIX + "error: interrupted while LLD was running");
            return 1;
        } finally {
            if (responseFile != null) {
                try {
                    Files.deleteIfExists(responseFile);
                } catch (IOException ignored) {
                    // A leftover temporary file does no harm to the link.
                }
            }
        }
    }

    /** Why LLD could not be started, in words the native front end uses too. */
    private static String startProblem(Path lld, IOException e) {
        if (!Files.exists(lld)) {
            return "it does not exist";
        }
        if (!Files.isRegularFile(lld)) {
            return "it is not a file";
        }
        if (!Files.isExecutable(lld)) {
            return "it is not executable";
        }
        return e.getMessage();
    }

    private static void explainFailure(
            int exit, List<String> command, LinkerConfig config, String stderr, PrintStream err) {
        String target = config.triple().isEmpty() ? "" : " for " + config.triple();
        err.println(PREFIX + "note: LLD failed with exit code " + exit + target + "; its command line was: "
                + String.join(" ", command));
        if (!config.glibcFloor().isEmpty() && stderr.contains("undefined symbol")) {
            err.println(PREFIX + "note: undefined symbols are checked against glibc " + config.glibcFloor()
                    + " (the chosen glibc floor): a function newer than that is not available to the output");
        }
    }

    private static long length(List<String> command) {
        long total = 0;
        for (String arg : command) {
            total += arg.length() + 1;
        }
        return total;
    }
}
