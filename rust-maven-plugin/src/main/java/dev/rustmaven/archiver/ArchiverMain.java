package dev.rustmaven.archiver;

import dev.rustmaven.link.ResponseFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The archiver's entry point, started by the launcher {@link ArchiverLauncher} writes, which build scripts
 * run as {@code ar}: {@code ArchiverMain [-]<operation>[modifiers] <archive> [files...]}, with {@code @file}
 * response files anywhere (GNU quoting). See {@link ArCommandLine} for what is accepted.
 *
 * <p>Exits with 0 on success and 1 on any error, after a message on standard error that starts with
 * {@code rust-maven-plugin ar: error:} and names the file or the part of the command line at fault.
 */
public final class ArchiverMain {

    static final String PREFIX = "rust-maven-plugin ar: ";

    private ArchiverMain() {}

    public static void main(String[] args) {
        int exit = run(Arrays.asList(args), Path.of(""), System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(exit);
    }

    /**
     * Runs one command.
     *
     * @param args the command line, response files not yet expanded
     * @param workingDirectory against which relative archive, file and {@code @file} names are resolved
     * @param out where listings go
     * @param err where notes, warnings and errors go
     * @return the exit code: 0, or 1 on an error
     */
    public static int run(List<String> args, Path workingDirectory, PrintStream out, PrintStream err) {
        ArCommandLine command;
        try {
            command = ArCommandLine.parse(ResponseFiles.expand(args, workingDirectory));
        } catch (ArUsageException e) {
            err.println(PREFIX + "error: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println(PREFIX + "error: cannot read a response file: " + describe(e));
            return 1;
        }
        switch (command.operation()) {
            case HELP -> {
                out.println(ArCommandLine.USAGE);
                out.println(ArCommandLine.SUPPORTED + ".");
                return 0;
            }
            case VERSION -> {
                out.println("rust-maven-plugin ar: a GNU-compatible archiver for build scripts"
                        + " (deterministic GNU archives with a symbol index)");
                return 0;
            }
            default -> {
                try {
                    new Archiver(workingDirectory, out, err).run(command);
                    return 0;
                } catch (IOException e) {
                    err.println(PREFIX + "error: " + describe(e));
                    return 1;
                }
            }
        }
    }

    /** The JDK names only the file in some of its messages; this adds what went wrong. */
    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException denied && denied.getReason() == null) {
            return denied.getFile() + ": permission denied";
        }
        if (e instanceof NoSuchFileException missing && missing.getReason() == null) {
            return missing.getFile() + ": no such file";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
