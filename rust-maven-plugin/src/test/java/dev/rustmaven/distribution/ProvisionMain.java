package dev.rustmaven.distribution;

import dev.rustmaven.log.BuildLog;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Provisions one rust-std in its own JVM, so a test can run two builds in separate processes against one
 * cache. Arguments: cache root, server root, release, commit hash, commit date, target triple. Prints the
 * installed directory on stdout and its log on stderr.
 */
public final class ProvisionMain {

    private ProvisionMain() {}

    public static void main(String[] args) throws Exception {
        BuildLog log = new StderrLog(System.err);
        ComponentProvisioner provisioner = new ComponentProvisioner(
                new CacheLayout(Path.of(args[0])),
                new DistServer(URI.create(args[1])),
                new Downloader(
                        DownloadSettings.DEFAULTS.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)),
                        DownloadListener.NONE,
                        log),
                ComponentProvisioner.Options.ONLINE,
                log);
        try {
            Path installed = provisioner.ensure(CompilerRelease.of(args[2], args[3], args[4]), "rust-std", args[5]);
            System.out.println(installed);
        } catch (DistException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /** Writes every line to stderr with its level. */
    record StderrLog(PrintStream err) implements BuildLog {
        @Override
        public void debug(String message) {
            err.println("[DEBUG] " + message);
        }

        @Override
        public void info(String message) {
            err.println("[INFO] " + message);
        }

        @Override
        public void warn(String message) {
            err.println("[WARN] " + message);
        }

        @Override
        public void error(String message) {
            err.println("[ERROR] " + message);
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }
    }
}
