package dev.rustmaven.plugin;

import dev.rustmaven.distribution.CacheLayout;
import dev.rustmaven.distribution.DistServer;
import dev.rustmaven.distribution.DownloadSettings;
import dev.rustmaven.pipeline.CSettings;
import dev.rustmaven.pipeline.LinkSetup;
import dev.rustmaven.pipeline.PipelineSettings;
import dev.rustmaven.system.HostSystem;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/** What the goals share: the crate, the toolchain, and where rust-std comes from. */
abstract class AbstractRustMojo extends AbstractMojo {

    /**
     * The directory holding the crate's {@code Cargo.toml} (a package, or a workspace member). Cargo runs
     * there, so the crate's own {@code .cargo/config.toml} and {@code rust-toolchain.toml} apply. Default:
     * {@code ${project.basedir}/src/main/rust}. Example:
     * <code>&lt;crate&gt;${project.basedir}/native&lt;/crate&gt;</code>.
     */
    @Parameter(property = "rust.crate", defaultValue = "${project.basedir}/src/main/rust", required = true)
    protected File crate;

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
     * The Rust toolchain to build with, installed by the plugin itself: {@code rustc}, {@code cargo} and the
     * host's {@code rust-std} are fetched from {@link #distServer}, verified and cached under
     * {@link #cacheDirectory}, so the machine needs no Rust installation at all. A release ({@code 1.85.0}), a
     * minor version ({@code 1.85}: its newest patch release), a channel ({@code stable}, {@code beta},
     * {@code nightly}; looked up on the server at each online build, the newest cached one offline) or a dated
     * channel ({@code nightly-2025-02-01}). Cannot be combined with {@link #cargo} or {@link #rustc}. Default:
     * the {@code channel} of the crate's {@code rust-toolchain.toml} (or {@code rust-toolchain}) when it has one
     * and neither {@code cargo} nor {@code rustc} is set, else the Rust on the PATH. Example:
     * {@code <version>1.85.0</version>} or {@code -Drust.version=stable}.
     */
    @Parameter(property = "rust.version")
    protected String version;

    /**
     * The Rust distribution server (or a mirror of it) that rust-std for targets the toolchain lacks, and the
     * toolchain of {@link #version}, are fetched from; {@code file:} URLs name a mirror on disk. Default: the {@code RUSTUP_DIST_SERVER}
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

    /**
     * The Debian-format package archive (its root, holding {@code dists/} and {@code pool/}) that target
     * headers and C start files for compiling C with the host's clang are fetched from; {@code file:} URLs
     * name a mirror on disk. Needed only when such a target root is not in the cache yet. Default: the archive
     * this machine's apt uses for {@code debianSuite} (on Debian), else none. Example:
     * {@code -Drust.debianMirror=https://mirror.example.com/debian}.
     */
    @Parameter(property = "rust.debianMirror")
    protected String debianMirror;

    /**
     * The suite (or codename) of {@link #debianMirror} that target packages are taken from; it decides the
     * glibc and kernel headers the C code compiles against. Default: {@code bookworm}. Example:
     * {@code -Drust.debianSuite=bullseye}.
     */
    @Parameter(property = "rust.debianSuite", defaultValue = "bookworm")
    protected String debianSuite;

    /**
     * The OpenPGP keyring (binary, or ASCII-armored) whose keys must sign the suite's {@code InRelease}
     * index. Default: {@code /usr/share/keyrings/debian-archive-keyring.gpg} where the machine has it (Debian,
     * and Ubuntu with the {@code debian-archive-keyring} package). Example:
     * {@code -Drust.debianKeyring=/usr/share/keyrings/debian-archive-keyring.gpg}.
     */
    @Parameter(property = "rust.debianKeyring")
    protected File debianKeyring;

    /**
     * Skips the goal, logging that it did. For {@code rust:test}, {@code skipTests}, {@code maven.test.skip}
     * and {@code rust.test.skip} skip it too. Default: false. Example: {@code -Drust.skip}.
     */
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

    /** The host, read once per goal execution. */
    protected final HostSystem host = HostSystem.current();

    protected Optional<String> cargoParameter() {
        return Optional.ofNullable(cargo).filter(s -> !s.isBlank());
    }

    protected Optional<String> rustcParameter() {
        return Optional.ofNullable(rustc).filter(s -> !s.isBlank());
    }

    protected Optional<String> versionParameter() {
        return Optional.ofNullable(version).filter(s -> !s.isBlank()).map(String::strip);
    }

    /** The directory the toolchain is asked in: the crate's, or the project's when the crate is missing. */
    protected Path toolchainDirectory() {
        return crate.isDirectory() ? crate.toPath() : project.getBasedir().toPath();
    }

    /** Where this project's build keeps what the plugin prepares for cargo. */
    protected Path workDirectory() {
        return Path.of(project.getBuild().getDirectory(), "rust-maven");
    }

    /** The session's settings for the pipeline; {@code linking} is how targets are linked. */
    protected PipelineSettings settings(LinkSetup.Settings linking) {
        Path cacheRoot = cacheDirectory != null
                ? cacheDirectory.toPath()
                : CacheLayout.defaultRoot(host.environment(), host.userHome().toString());
        DownloadSettings download =
                DownloadSettings.DEFAULTS.withProxies(MavenProxies.from(session.getSettings(), settingsDecrypter));
        return new PipelineSettings(
                host,
                workDirectory(),
                cacheRoot,
                DistServer.resolve(distServer, host.environment()),
                session.isOffline(),
                download,
                getLog().isInfoEnabled(),
                Optional.ofNullable(linker).map(File::toPath),
                linking,
                cSettings(),
                MavenSettingNames.INSTANCE,
                session.isParallel(),
                parallelTargets());
    }

    /** Whether one cargo may build all targets together; {@code rust:build} has a parameter for it. */
    protected boolean parallelTargets() {
        return true;
    }

    /**
     * How C code of build scripts is compiled, and where target roots come from; goals that compile add the
     * compiler ({@link AbstractCompileMojo}).
     */
    protected CSettings cSettings() {
        return new CSettings(
                Optional.empty(),
                Optional.ofNullable(debianMirror),
                Optional.ofNullable(debianSuite),
                Optional.ofNullable(debianKeyring).map(File::toPath));
    }

    /** Accepts both list elements and comma-separated values (as given with -D on the command line). */
    static List<String> splitCommas(List<String> values) {
        List<String> result = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                if (v != null) {
                    Arrays.stream(v.split(","))
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .forEach(result::add);
                }
            }
        }
        return result;
    }
}
