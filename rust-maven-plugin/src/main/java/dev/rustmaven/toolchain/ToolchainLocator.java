package dev.rustmaven.toolchain;

import dev.rustmaven.config.Setting;
import dev.rustmaven.config.SettingNames;
import dev.rustmaven.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Finds cargo and rustc and asks the compiler about itself. Runs the queries in the crate's directory
 * so that a {@code rust-toolchain.toml} there picks the same toolchain cargo will use.
 */
public final class ToolchainLocator {

    private final ExecutableFinder finder;
    private final ProcessRunner runner;
    private final SettingNames names;
    private final Optional<RustcAnswers> kept;

    /**
     * A locator that asks the compiler every time.
     *
     * @param names how the user names the {@code cargo} and {@code rustc} settings, for messages
     */
    public ToolchainLocator(ExecutableFinder finder, ProcessRunner runner, SettingNames names) {
        this(finder, runner, names, Optional.empty());
    }

    /**
     * @param names how the user names the {@code cargo} and {@code rustc} settings, for messages
     * @param kept where a compiler's answers are kept between builds, see {@link RustcAnswers}
     */
    public ToolchainLocator(
            ExecutableFinder finder, ProcessRunner runner, SettingNames names, Optional<RustcAnswers> kept) {
        this.finder = finder;
        this.runner = runner;
        this.names = names;
        this.kept = kept;
    }

    /**
     * Locates the toolchain.
     *
     * @param cargoParameter the {@code cargo} parameter, if set
     * @param rustcParameter the {@code rustc} parameter, if set
     * @param workingDirectory where to run the queries (the crate directory)
     */
    public Toolchain locate(Optional<String> cargoParameter, Optional<String> rustcParameter, Path workingDirectory)
            throws ToolchainException {
        Path cargo = resolve(Setting.CARGO, cargoParameter, "CARGO", null);
        Path rustc =
                resolve(Setting.RUSTC, rustcParameter, "RUSTC", cargoParameter.isPresent() ? cargo.getParent() : null);
        Optional<RustcAnswers.Key> key = kept.flatMap(answers -> answers.keyOf(rustc, finder, workingDirectory));
        Optional<RustcAnswers.Answers> known = key.flatMap(k -> kept.get().read(k));
        if (known.isPresent()) {
            try {
                return toolchain(
                        cargo, rustc, known.get().verbose(), known.get().sysrootAndTargets());
            } catch (ToolchainException e) {
                // Kept answers that no longer parse: asked again below, and written anew.
            }
        }
        Instant asked = Instant.now();
        // Two rustc processes at once rather than three one after the other: starting rustc (loading its
        // driver library) is most of each query, and every build, even one with nothing to do, waits for them.
        // --print answers its requests in the order asked: the sysroot's line, then the target list.
        Query printed = new Query(rustc, workingDirectory, "--print", "sysroot", "--print", "target-list");
        Thread printing = new Thread(printed, "rustc --print");
        printing.setDaemon(true);
        printing.start();
        List<String> verbose = null;
        List<String> sysrootAndTargets;
        try {
            verbose = query(rustc, workingDirectory, "-vV");
            sysrootAndTargets = printed.join(printing);
        } catch (ToolchainException e) {
            // Two rustup proxies at once may both install a toolchain that rust-toolchain.toml names and is not
            // installed yet, which rustup does not survive: the failed query again once the other is done, and the
            // error of that run.
            printed.waitAfter(printing, e);
            if (verbose == null) {
                verbose = query(rustc, workingDirectory, "-vV");
            }
            sysrootAndTargets = printed.answerOrRunAgain();
        }
        Toolchain toolchain = toolchain(cargo, rustc, verbose, sysrootAndTargets);
        if (key.isPresent()) {
            kept.get().write(key.get(), new RustcAnswers.Answers(verbose, sysrootAndTargets), asked);
        }
        return toolchain;
    }

    private Toolchain toolchain(Path cargo, Path rustc, List<String> verbose, List<String> sysrootAndTargets)
            throws ToolchainException {
        RustcInfo info;
        try {
            info = RustcInfo.parse(verbose);
        } catch (IllegalArgumentException e) {
            throw new ToolchainException(
                    ToolchainException.Kind.BROKEN,
                    rustc + " does not look like rustc: " + e.getMessage() + ". Point " + names.name(Setting.RUSTC)
                            + " at a Rust compiler.",
                    e);
        }
        Path sysroot = Path.of(sysrootAndTargets.get(0).trim());
        List<String> targets = sysrootAndTargets.subList(1, sysrootAndTargets.size());
        return new Toolchain(cargo, rustc, info, sysroot, targets);
    }

    private static ToolchainException notFound(String message) {
        return new ToolchainException(ToolchainException.Kind.NOT_FOUND, message, null);
    }

    private Path resolve(Setting setting, Optional<String> parameter, String envName, Path siblingDir)
            throws ToolchainException {
        String tool = setting.key();
        if (parameter.isPresent()) {
            return finder.find(parameter.get())
                    .orElseThrow(() ->
                            notFound("The " + tool + " executable given by " + names.name(setting) + " was not found: '"
                                    + parameter.get() + "'. Give the path of an existing " + tool
                                    + " executable, or remove the parameter to use the " + tool + " on the PATH."));
        }
        Optional<String> fromEnv = finder.env(envName);
        if (fromEnv.isPresent()) {
            return finder.find(fromEnv.get())
                    .orElseThrow(() -> notFound("The environment variable " + envName + " names a " + tool
                            + " that was not found: '" + fromEnv.get() + "'. Fix or unset " + envName + ", or set "
                            + names.name(setting) + "."));
        }
        if (siblingDir != null) {
            Optional<Path> sibling = finder.find(siblingDir.resolve(tool).toString());
            if (sibling.isPresent()) {
                return sibling.get();
            }
        }
        return finder.find(tool)
                .orElseThrow(() -> notFound("Could not find " + tool + ": " + names.name(setting) + " is not set, "
                        + envName
                        + " is not set, and there is no '" + tool + "' on the PATH or in " + finder.cargoBin()
                        + " (cargo's bin directory). Install Rust (for example with rustup, see https://rustup.rs) so"
                        + " that it is on the PATH or there, or set " + names.name(setting) + " to the " + tool
                        + " executable."));
    }

    /** A query run on its own thread; {@link #join} gives its answer or its failure on the caller's thread. */
    private final class Query implements Runnable {
        private final Path rustc;
        private final Path workingDirectory;
        private final String[] args;
        private volatile List<String> answer;
        private volatile ToolchainException failure;

        Query(Path rustc, Path workingDirectory, String... args) {
            this.rustc = rustc;
            this.workingDirectory = workingDirectory;
            this.args = args;
        }

        @Override
        public void run() {
            try {
                answer = query(rustc, workingDirectory, args);
            } catch (ToolchainException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure =
                        new ToolchainException(ToolchainException.Kind.BROKEN, "Running " + rustc + " failed: " + e, e);
            }
        }

        List<String> join(Thread thread) throws ToolchainException {
            try {
                thread.join();
            } catch (InterruptedException e) {
                thread.interrupt();
                Thread.currentThread().interrupt();
                throw new ToolchainException(ToolchainException.Kind.BROKEN, "Interrupted while running " + rustc, e);
            }
            if (failure != null) {
                throw failure;
            }
            return answer;
        }

        /** After {@link #waitAfter}: its answer, or, when it failed, the answer of running it again here. */
        List<String> answerOrRunAgain() throws ToolchainException {
            return answer != null ? answer : query(rustc, workingDirectory, args);
        }

        /** Waits for the query after {@code first} failed, so that nothing runs beside the retry. */
        void waitAfter(Thread thread, ToolchainException first) throws ToolchainException {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                first.addSuppressed(e);
                throw first;
            }
        }
    }

    private List<String> query(Path rustc, Path workingDirectory, String... args) throws ToolchainException {
        List<String> commandLine = new java.util.ArrayList<>();
        commandLine.add(rustc.toString());
        commandLine.addAll(List.of(args));
        try {
            List<String> out = runner.capture(new ProcessRunner.Command(commandLine, workingDirectory));
            if (out.isEmpty()) {
                throw new IOException("no output");
            }
            return out;
        } catch (IOException e) {
            throw new ToolchainException(
                    ToolchainException.Kind.BROKEN,
                    "Running '" + String.join(" ", commandLine)
                            + "' failed: " + e.getMessage() + ". Check that " + names.name(Setting.RUSTC)
                            + " points at a working Rust compiler.",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolchainException(ToolchainException.Kind.BROKEN, "Interrupted while running " + rustc, e);
        }
    }
}
