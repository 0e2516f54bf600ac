package dev.rustmaven.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One GNU make jobserver for every cargo the build runs at the same time (Maven's {@code -T}), so that together
 * they run no more jobs than the machine has cores: without it each cargo runs as many jobs as there are cores.
 *
 * <p>The jobserver is a named pipe holding {@code jobs - 1} tokens. Cargo gets it as an open file descriptor
 * ({@link #command}: a shell opens the pipe as descriptor 3, then becomes cargo) named in
 * {@code CARGO_MAKEFLAGS=-j<jobs> --jobserver-fds=3,3 --jobserver-auth=3,3}, the form every cargo and every GNU
 * make understands; cargo passes it on to rustc and to build scripts, whose {@code make} (cmake, autotools) joins
 * too. (The {@code fifo:<path>} form would spare the shell, but GNU make before 4.4 stops on it.)
 * A jobserver client runs one job without a token (its implicit one), so the plugin lets one cargo run on the
 * build's implicit token and makes each further cargo that runs at the same time hold a token of the pipe for
 * as long as it runs ({@link #join()}): the cargos' jobs never outnumber {@code jobs}. When the cargo on the
 * implicit token ends while another waits, the implicit token goes into the pipe, and comes back out of it
 * when no cargo waits any more.
 */
public final class JobServer {

    private enum Implicit {
        FREE,
        HELD,
        /** Put into the pipe as a token for a waiting cargo. */
        LENT
    }

    private final Path fifo;
    private final int jobs;
    private final RandomAccessFile pipe;
    private Implicit implicit = Implicit.FREE;
    private int waiting;

    private JobServer(Path fifo, int jobs, RandomAccessFile pipe) {
        this.fifo = fifo;
        this.jobs = jobs;
        this.pipe = pipe;
    }

    private static JobServer shared;

    /**
     * The jobserver of this JVM for {@code jobs} jobs, made once (a named pipe in the temporary directory, removed
     * when the JVM ends); empty where named pipes cannot be made ({@code windows}, no {@code mkfifo}).
     */
    public static synchronized Optional<JobServer> shared(int jobs, boolean windows) {
        if (shared == null) {
            Optional<JobServer> made = create(jobs, windows);
            if (made.isEmpty()) {
                return made;
            }
            shared = made.get();
        }
        return Optional.of(shared);
    }

    /** A new jobserver for {@code jobs} jobs, or empty where named pipes cannot be made (Windows has none). */
    static Optional<JobServer> create(int jobs, boolean windows) {
        if (jobs < 1 || windows) {
            return Optional.empty();
        }
        try {
            Path dir = Files.createTempDirectory("rust-maven-jobs");
            dir.toFile().deleteOnExit();
            Path fifo = dir.resolve("fifo");
            Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString())
                    .redirectErrorStream(true)
                    .start();
            mkfifo.getInputStream().readAllBytes();
            if (!mkfifo.waitFor(30, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
                Files.deleteIfExists(dir);
                return Optional.empty();
            }
            fifo.toFile().deleteOnExit();
            // Opened for reading and writing, the pipe never blocks on open and never reads end-of-file.
            RandomAccessFile pipe = new RandomAccessFile(fifo.toFile(), "rw");
            for (int i = 0; i < jobs - 1; i++) {
                pipe.write('+');
            }
            return Optional.of(new JobServer(fifo, jobs, pipe));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** How many jobs all cargos together may run. */
    public int jobs() {
        return jobs;
    }

    /** The descriptor cargo finds the pipe on. */
    static final int DESCRIPTOR = 3;

    /** The variables that make cargo a client of this jobserver, when run by {@link #command}. */
    public Map<String, String> environment() {
        String fds = DESCRIPTOR + "," + DESCRIPTOR;
        return Map.of("CARGO_MAKEFLAGS", "-j" + jobs + " --jobserver-fds=" + fds + " --jobserver-auth=" + fds);
    }

    /** {@code commandLine} run with the pipe open on {@link #DESCRIPTOR}: a shell opens it and becomes the program. */
    public List<String> command(List<String> commandLine) {
        List<String> command = new ArrayList<>(
                List.of("/bin/sh", "-c", "exec " + DESCRIPTOR + "<>\"$0\" && exec \"$@\"", fifo.toString()));
        command.addAll(commandLine);
        return command;
    }

    /** Whether {@code environment} (what cargo would inherit) already names a jobserver, which then wins. */
    public static boolean inherited(Map<String, String> environment) {
        for (String name : List.of("CARGO_MAKEFLAGS", "MAKEFLAGS", "MFLAGS")) {
            String flags = environment.get(name);
            if (flags != null && (flags.contains("--jobserver-auth") || flags.contains("--jobserver-fds"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A place for one cargo: the implicit token when free, else a token of the pipe (waiting for one). Close it
     * when cargo has ended. Should the pipe fail to give a token, the cargo runs without one rather than not at
     * all: the jobserver only limits, it never stops a build.
     */
    public Place join() {
        synchronized (this) {
            if (implicit == Implicit.FREE) {
                implicit = Implicit.HELD;
                return new Place(Kind.IMPLICIT);
            }
            waiting++;
        }
        boolean token;
        try {
            token = pipe.read() >= 0;
        } catch (IOException e) {
            token = false;
        } finally {
            synchronized (this) {
                waiting--;
            }
        }
        return new Place(token ? Kind.TOKEN : Kind.NONE);
    }

    private enum Kind {
        IMPLICIT,
        TOKEN,
        /** No token could be taken: nothing to give back. */
        NONE
    }

    /** A cargo's place in the jobserver, given back by {@link #close()}. */
    public final class Place implements AutoCloseable {

        private final Kind kind;
        private boolean closed;

        private Place(Kind kind) {
            this.kind = kind;
        }

        /** Whether this place holds a token of the pipe (another cargo holds the implicit one). */
        public boolean holdsToken() {
            return kind == Kind.TOKEN;
        }

        @Override
        public void close() throws IOException {
            synchronized (JobServer.this) {
                if (closed || kind == Kind.NONE) {
                    return;
                }
                closed = true;
                if (kind == Kind.IMPLICIT) {
                    if (waiting > 0) {
                        pipe.write('+');
                        implicit = Implicit.LENT;
                    } else {
                        implicit = Implicit.FREE;
                    }
                } else if (implicit == Implicit.LENT && waiting == 0) {
                    implicit = Implicit.FREE;
                } else {
                    pipe.write('+');
                }
            }
        }
    }
}
