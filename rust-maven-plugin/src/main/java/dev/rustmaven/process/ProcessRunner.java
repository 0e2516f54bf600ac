package dev.rustmaven.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs an external program, streaming its standard output and standard error line by line as they
 * are written, so that a long cargo build shows progress in the Maven log while it happens.
 *
 * <p>A line longer than {@link #MAX_LINE_CHARS} characters is cut there, and the cut says how many characters
 * were left out: a program printing megabytes without a line break cannot exhaust the build's memory.
 */
public final class ProcessRunner {

    /** The longest line handed on whole (1 MiB of characters; cargo's longest JSON messages are a few KiB). */
    public static final int MAX_LINE_CHARS = 1 << 20;

    /** What to run: the command line, its working directory and environment changes. */
    public record Command(
            List<String> commandLine,
            Path workingDirectory,
            Map<String, String> environment,
            List<String> removedEnvironment) {

        public Command {
            commandLine = List.copyOf(commandLine);
            environment = Map.copyOf(environment);
            removedEnvironment = List.copyOf(removedEnvironment);
        }

        public Command(List<String> commandLine, Path workingDirectory) {
            this(commandLine, workingDirectory, Map.of(), List.of());
        }

        /** The program, the first element of the command line. */
        public String program() {
            return commandLine.get(0);
        }
    }

    /** Thrown when the program itself could not be started (not found, not executable). */
    public static final class StartFailedException extends IOException {
        private static final long serialVersionUID = 1L;

        StartFailedException(String program, IOException cause) {
            super("could not start '" + program + "': " + cause.getMessage(), cause);
        }
    }

    /**
     * Runs {@code command} to completion.
     *
     * @param stdout receives each line of standard output
     * @param stderr receives each line of standard error
     * @return the exit code
     * @throws StartFailedException when the program could not be started
     * @throws IOException when reading its output failed
     * @throws InterruptedException when this thread was interrupted; the process is then destroyed
     */
    public int run(Command command, Consumer<String> stdout, Consumer<String> stderr)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command.commandLine());
        if (command.workingDirectory() != null) {
            builder.directory(command.workingDirectory().toFile());
        }
        Map<String, String> env = builder.environment();
        command.removedEnvironment().forEach(env::remove);
        env.putAll(command.environment());
        builder.redirectInput(ProcessBuilder.Redirect.INHERIT);

        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new StartFailedException(command.program(), e);
        }
        Thread errPump = pump(process.getErrorStream(), stderr, "stderr of " + command.program());
        try {
            forEachLine(process.getInputStream(), stdout);
            errPump.join();
            return process.waitFor();
        } catch (InterruptedException e) {
            destroy(process);
            Thread.currentThread().interrupt();
            throw e;
        } catch (IOException | RuntimeException e) {
            destroy(process);
            throw e;
        }
    }

    /** Runs {@code command} and returns its standard output lines, failing when it exits non-zero. */
    public List<String> capture(Command command) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        int exit = run(command, out::add, err::add);
        if (exit != 0) {
            throw new IOException("'" + String.join(" ", command.commandLine()) + "' exited with code " + exit
                    + (err.isEmpty() ? "" : ": " + String.join(System.lineSeparator(), err)));
        }
        return out;
    }

    private static Thread pump(InputStream in, Consumer<String> sink, String name) {
        Thread t = new Thread(
                () -> {
                    try {
                        forEachLine(in, sink);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void forEachLine(InputStream in, Consumer<String> sink) throws IOException {
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            forEachLine(reader, sink, MAX_LINE_CHARS);
        }
    }

    /**
     * Hands each line of {@code reader} to {@code sink}, as {@link java.io.BufferedReader#readLine()} splits them
     * ({@code \n}, {@code \r} or {@code \r\n}), keeping at most {@code maxChars} characters of a line in memory.
     */
    static void forEachLine(Reader reader, Consumer<String> sink, int maxChars) throws IOException {
        char[] buffer = new char[8192];
        StringBuilder line = new StringBuilder();
        long cut = 0;
        boolean pending = false;
        boolean afterCarriageReturn = false;
        int n;
        while ((n = reader.read(buffer)) >= 0) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                char c = buffer[i];
                if (c != '\n' && c != '\r') {
                    afterCarriageReturn = false;
                    continue;
                }
                if (c == '\n' && afterCarriageReturn && i == start) {
                    // the \n of a \r\n whose \r ended the line already
                    afterCarriageReturn = false;
                    start = i + 1;
                    continue;
                }
                cut += append(line, buffer, start, i, maxChars);
                sink.accept(finish(line, cut));
                line.setLength(0);
                cut = 0;
                pending = false;
                afterCarriageReturn = c == '\r';
                start = i + 1;
            }
            if (start < n) {
                cut += append(line, buffer, start, n, maxChars);
                pending = true;
            }
        }
        if (pending) {
            sink.accept(finish(line, cut));
        }
    }

    /** Appends what fits of {@code buffer[from, to)}; returns how many characters did not fit. */
    private static int append(StringBuilder line, char[] buffer, int from, int to, int maxChars) {
        int fits = Math.max(0, Math.min(to - from, maxChars - line.length()));
        line.append(buffer, from, fits);
        return to - from - fits;
    }

    private static String finish(StringBuilder line, long cut) {
        return cut == 0 ? line.toString() : line + " [... " + cut + " more characters of this line cut]";
    }

    private static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }
}
