package dev.rustmaven.plugin;

import dev.rustmaven.pipeline.LldProvisioning;
import dev.rustmaven.pipeline.StdProvisioning;
import dev.rustmaven.link.HostFacts;
import dev.rustmaven.link.LldLocator;
import dev.rustmaven.distribution.CacheLayout;
import dev.rustmaven.distribution.ComponentProvisioner;
import dev.rustmaven.distribution.DistServer;
import dev.rustmaven.distribution.DownloadListener;
import dev.rustmaven.distribution.DownloadSettings;
import dev.rustmaven.distribution.Downloader;
import dev.rustmaven.distribution.LoggingDownloadListener;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.process.ProcessRunner;
import dev.rustmaven.toolchain.ExecutableFinder;
import dev.rustmaven.toolchain.ToolchainLocator;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/** What the goals share: the crate, the targets, the toolchain, and where rust-std comes from. */
abstract class AbstractRustMojo extends AbstractMojo {

    /**
     * The directory holding the crate's {@code Cargo.toml}. Cargo runs there, so the crate's own
     * {@code .cargo/config.toml} applies. Example:
     * <code>&lt;crate&gt;${project.basedir}/native&lt;/crate&gt;</code>.
     */
    @Parameter(property = "rust.crate", defaultValue = "${project.basedir}/src/main/rust", required = true)
    protected File crate;

    /**
     * The Rust target triples to build for; cargo runs once per triple. Default: the host triple that
     * {@code rustc -vV} reports. On the command line, comma-separated:
     * {@code -Drust.targets=armv7-unknown-linux-gnueabihf,aarch64-unknown-linux-gnu}.
     */
    @Parameter(property = "rust.targets")
    protected List<String> targets;

    /**
     * The cargo executable. Default: the {@code CARGO} environment variable, else {@code cargo} on the
     * PATH, else {@code ~/.cargo/bin/cargo}. Example: {@code -Drust.cargo=/opt/rust/bin/cargo}.
     */
    @Parameter(property = "rust.cargo")
    protected String cargo;

    /**
     * The rustc executable, handed to cargo as {@code RUSTC} so both agree. Default: the {@code RUSTC}
     * environment variable, else the rustc next to a configured {@code cargo}, else {@code rustc} on the
     * PATH or in {@code ~/.cargo/bin}. Example: {@code -Drust.rustc=/opt/rust/bin/rustc}.
     */
    @Parameter(property = "rust.rustc")
    protected String rustc;

    /**
     * The Rust distribution server (or a mirror of it) that rust-std for targets the toolchain lacks is
     * fetched from; {@code file:} URLs name a mirror on disk. Default: the {@code RUSTUP_DIST_SERVER}
     * environment variable, else {@code https://static.rust-lang.org}. Example:
     * {@code -Drust.distServer=https://mirror.example.com/rust}.
     */
    @Parameter(property = "rust.distServer")
    protected String distServer;

    /**
     * Where fetched rust-std and tools are cached, shared by all projects of the user. Default:
     * {@code ${XDG_CACHE_HOME}/rust-maven-plugin}, else {@code ~/.cache/rust-maven-plugin}. Example:
     * {@code -Drust.cacheDirectory=/ci/cache/rust-maven-plugin}.
     */
    @Parameter(property = "rust.cacheDirectory")
    protected File cacheDirectory;

    /**
     * The LLD to link with. Default: {@code rust-lld} of the compiler's sysroot, else {@code rust-lld} or
     * {@code ld.lld} on the PATH, else rust-lld fetched with the host's rustc component from the dist server.
     * Example: {@code -Drust.linker=/usr/bin/ld.lld}.
     */
    @Parameter(property = "rust.linker")
    protected File linker;

    /** Skips the goal. Example: {@code -Drust.skip}. Default: false. */
    @Parameter(property = "rust.skip", defaultValue = "false")
    protected boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    private final SettingsDecrypter settingsDecrypter;

    protected AbstractRustMojo(SettingsDecrypter settingsDecrypter) {
        this.settingsDecrypter = settingsDecrypter;
    }

    protected final ProcessRunner runner = new ProcessRunner();

    protected ToolchainLocator toolchainLocator() {
        return new ToolchainLocator(ExecutableFinder.forThisHost(), runner);
    }

    protected Optional<String> cargoParameter() {
        return Optional.ofNullable(cargo).filter(s -> !s.isBlank());
    }

    protected Optional<String> rustcParameter() {
        return Optional.ofNullable(rustc).filter(s -> !s.isBlank());
    }

    /** The directory the toolchain is asked in: the crate's, or the project's when the crate is missing. */
    protected Path toolchainDirectory() {
        return crate.isDirectory() ? crate.toPath() : project.getBasedir().toPath();
    }

    /** Where this project's build keeps what the plugin prepares for cargo. */
    protected Path workDirectory() {
        return Path.of(project.getBuild().getDirectory(), "rust-maven");
    }

    /** The plugin's cache of fetched and generated files, shared by all projects of the user. */
    protected Path cacheRoot() {
        return cacheDirectory != null ? cacheDirectory.toPath()
                : CacheLayout.defaultRoot(System.getenv(), System.getProperty("user.home"));
    }

    /** The dist server: the parameter, else {@code RUSTUP_DIST_SERVER}, else the official one. */
    protected DistServer distServer() {
        return DistServer.resolve(distServer, System.getenv());
    }

    /** Fetches components from the dist server into the cache, honouring offline mode and proxies. */
    protected ComponentProvisioner provisioner(BuildLog log) {
        DownloadSettings settings = DownloadSettings.DEFAULTS
                .withProxies(MavenProxies.from(session.getSettings(), settingsDecrypter));
        DownloadListener progress = getLog().isInfoEnabled() ? new LoggingDownloadListener(log) : DownloadListener.NONE;
        return new ComponentProvisioner(new CacheLayout(cacheRoot()), distServer(),
                new Downloader(settings, progress, log),
                ComponentProvisioner.Options.ONLINE.withOffline(session.isOffline()), log);
    }

    /** The provider of rust-std for targets the toolchain lacks. */
    protected StdProvisioning stdProvisioning(ComponentProvisioner provisioner, BuildLog log) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        boolean official = distServer().equals(DistServer.official());
        return new StdProvisioning(provisioner, official, workDirectory(), windows, log);
    }

    /** Finds LLD, fetching rust-lld when the machine has none. */
    protected LldProvisioning lldProvisioning(ComponentProvisioner provisioner, BuildLog log) {
        return new LldProvisioning(LldLocator.forThisHost(), provisioner, HostFacts.current(),
                Optional.ofNullable(linker).map(File::toPath), log);
    }

    /** Accepts both list elements and comma-separated values (as given with -D on the command line). */
    static List<String> splitCommas(List<String> values) {
        List<String> result = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                if (v != null) {
                    Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(result::add);
                }
            }
        }
        return result;
    }
}
