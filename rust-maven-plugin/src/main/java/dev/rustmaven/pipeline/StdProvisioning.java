package dev.rustmaven.pipeline;

import dev.rustmaven.config.Setting;
import dev.rustmaven.config.SettingNames;
import dev.rustmaven.distribution.CompilerRelease;
import dev.rustmaven.distribution.ComponentProvisioner;
import dev.rustmaven.distribution.DistException;
import dev.rustmaven.distribution.PayloadFilter;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.toolchain.ComposedSysroot;
import dev.rustmaven.toolchain.RustcShim;
import dev.rustmaven.toolchain.Toolchain;
import dev.rustmaven.triple.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Makes sure the compiler can build for a target: the toolchain's own rust-std when it has one,
 * else the target's rust-std fetched from the dist server (or taken from the cache) and given to target
 * compilations through a composed sysroot and a rustc launcher.
 */
public final class StdProvisioning {

    private final ComponentProvisioner provisioner;
    private final boolean officialServer;
    private final Path workDirectory;
    private final boolean windows;
    private final SettingNames names;
    private final BuildLog log;

    /**
     * @param officialServer whether rust-std comes from the official Rust dist server (rather than a mirror
     *     that may have been built for this very compiler)
     * @param workDirectory where the composed sysroots and launchers are written (under the build directory)
     */
    public StdProvisioning(
            ComponentProvisioner provisioner,
            boolean officialServer,
            Path workDirectory,
            boolean windows,
            SettingNames names,
            BuildLog log) {
        this.provisioner = provisioner;
        this.officialServer = officialServer;
        this.workDirectory = workDirectory;
        this.windows = windows;
        this.names = names;
        this.log = log;
    }

    /** The toolchain's own library directory for {@code target}, when the toolchain has that target's std. */
    public static Optional<Path> installedWithToolchain(Toolchain toolchain, Target target) {
        Path dir = toolchain.targetLibDir(target.triple());
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /**
     * Fetches (or finds in the cache) the target's rust-std when the toolchain lacks it.
     *
     * @return the installed rust-std's {@code lib/rustlib/<triple>} directory, or empty when the
     *     toolchain has the target itself (or it is a custom target specification)
     */
    public Optional<Path> ensure(Toolchain toolchain, Target target) throws BuildException {
        if (Target.isTargetSpecFile(target.triple())) {
            return Optional.empty();
        }
        Optional<Path> own = installedWithToolchain(toolchain, target);
        if (own.isPresent()) {
            log.debug("rust-std for " + target + " comes with the toolchain: " + own.get());
            return Optional.empty();
        }
        if (officialServer && toolchain.info().builtFromSourceTarball()) {
            log.warn(toolchain.info().versionLine() + " is a distribution's build: a rust-std from the Rust dist"
                    + " server may not match it exactly. If the build then fails with 'compiled by an incompatible"
                    + " version of rustc', use a rustup toolchain or set " + names.name(Setting.DIST_SERVER)
                    + " to a mirror built for this compiler.");
        }
        try {
            Path installed = provisioner.ensure(release(toolchain), "rust-std", target.triple());
            Path rustlib = installed.resolve("lib/rustlib").resolve(target.triple());
            if (!Files.isDirectory(rustlib.resolve("lib"))) {
                throw BuildException.environment(
                        "The rust-std for " + target + " in " + installed + " has no" + " lib/rustlib/" + target
                                + "/lib directory; delete " + installed + " and build again.",
                        null);
            }
            log.info("Using rust-std for " + target + " from " + installed);
            return Optional.of(rustlib);
        } catch (DistException e) {
            throw failure(target, e);
        }
    }

    /** At most this many rust-std downloads run at once. */
    static final int PARALLEL_FETCHES = 4;

    /**
     * Fetches, in parallel, the rust-std of every target of {@code targets} that needs one and is not in the cache
     * yet, so that {@link #ensure} then finds them installed. With one such target (or none) it does nothing: that
     * target is fetched by {@link #ensure} as before. Safe against other builds: each install holds its own lock.
     *
     * @throws BuildException the first failure in the order of {@code targets}, as {@link #ensure} words it
     */
    public void prefetch(Toolchain toolchain, List<Target> targets) throws BuildException {
        if (provisioner.offline()) {
            return; // ensure() says which target is missing
        }
        CompilerRelease release = release(toolchain);
        List<Target> missing = new ArrayList<>();
        for (Target target : targets) {
            if (!Target.isTargetSpecFile(target.triple())
                    && installedWithToolchain(toolchain, target).isEmpty()
                    && provisioner
                            .cached(release, "rust-std", target.triple(), PayloadFilter.ALL)
                            .isEmpty()
                    && missing.stream().noneMatch(t -> t.triple().equals(target.triple()))) {
                missing.add(target);
            }
        }
        if (missing.size() < 2) {
            return;
        }
        int threads = Math.min(missing.size(), PARALLEL_FETCHES);
        log.info("Fetching rust-std for " + missing.size() + " targets, " + threads + " at a time: "
                + missing.stream().map(Target::triple).collect(Collectors.joining(", ")));
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "rust-maven-plugin fetch");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> fetches = new ArrayList<>();
            for (Target target : missing) {
                fetches.add(pool.submit(() -> provisioner.ensure(release, "rust-std", target.triple())));
            }
            // Every fetch runs to its end (the others are still installed); then the first failure is reported.
            BuildException first = null;
            for (int i = 0; i < missing.size(); i++) {
                try {
                    fetches.get(i).get();
                } catch (ExecutionException e) {
                    BuildException failed = e.getCause() instanceof DistException dist
                            ? failure(missing.get(i), dist)
                            : BuildException.environment(
                                    "Could not provide rust-std for " + missing.get(i) + ": " + e.getCause(),
                                    e.getCause());
                    first = first == null ? failed : first;
                }
            }
            if (first != null) {
                throw first;
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw BuildException.environment("Interrupted while fetching rust-std", e);
        } finally {
            pool.shutdown();
        }
    }

    private static BuildException failure(Target target, DistException e) {
        return new BuildException(
                e.reason().userFixable() ? BuildException.Kind.CONFIGURATION : BuildException.Kind.ENVIRONMENT,
                "Could not provide rust-std for " + target + ": " + e.getMessage(),
                e);
    }

    /**
     * The rustc that builds the targets of {@code rustlibs} with their fetched rust-std: one launcher (given to
     * cargo as {@code RUSTC}) that adds each target's composed sysroot to that target's compilations, so that one
     * cargo can build them all. Its path is the same whatever the targets.
     *
     * @param rustlibs each target's fetched {@code lib/rustlib/<triple>} directory
     */
    public Path rustcWithSysroots(Toolchain toolchain, Map<Target, Path> rustlibs) throws BuildException {
        Map<String, Path> sysroots = new LinkedHashMap<>();
        for (Map.Entry<Target, Path> e : rustlibs.entrySet()) {
            String triple = e.getKey().triple();
            try {
                sysroots.put(
                        triple,
                        ComposedSysroot.compose(
                                workDirectory.resolve("sysroot").resolve(triple),
                                toolchain.sysroot(),
                                toolchain.host(),
                                e.getValue(),
                                triple));
            } catch (IOException problem) {
                throw BuildException.environment(
                        "Could not prepare the sysroot for " + e.getKey() + " in " + workDirectory + ": "
                                + problem.getMessage(),
                        problem);
            }
        }
        try {
            return RustcShim.write(workDirectory.resolve("bin"), toolchain.rustc(), sysroots, windows);
        } catch (IOException e) {
            throw BuildException.environment(
                    "Could not write the rustc launcher in " + workDirectory.resolve("bin") + ": " + e.getMessage(), e);
        }
    }

    static CompilerRelease release(Toolchain toolchain) {
        return CompilerRelease.of(
                toolchain.info().release(),
                toolchain.info().commitHash(),
                toolchain.info().commitDate());
    }
}
