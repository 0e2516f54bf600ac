package dev.rustmaven.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
 */
public final class ProcessRunner {

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
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                sink.accept(line);
            }
        }
    }

    private static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }
}
