package dev.rustmaven.plugin;

import dev.rustmaven.cargo.RustcWrapper;
import dev.rustmaven.config.InvalidSettingException;
import dev.rustmaven.config.Setting;
import dev.rustmaven.pipeline.BuildException;
import dev.rustmaven.pipeline.BuildRequest;
import dev.rustmaven.pipeline.CSettings;
import dev.rustmaven.pipeline.LinkSetup;
import dev.rustmaven.toolchain.ExecutableFinder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * What the goals that compile the crate share ({@code rust:build} and {@code rust:test}): the profile,
 * features, cargo arguments and environment, and how targets are linked and their C compiled, so that the
 * tested code is the shipped code.
 */
abstract class AbstractCompileMojo extends AbstractRustMojo {

    /**
     * The cargo profile: {@code release} (the default, {@code --release}), {@code dev}, or a custom
     * profile from Cargo.toml ({@code --profile <name>}). Example: {@code -Drust.profile=dev}.
     */
    @Parameter(property = "rust.profile", defaultValue = "release", required = true)
    protected String profile;

    /**
     * Cargo features to enable ({@code --features}), in addition to the default ones unless
     * {@code noDefaultFeatures} is set. Default: none. Example:
     * {@code <features><feature>simd</feature></features>}, or {@code -Drust.features=simd,serde}.
     */
    @Parameter(property = "rust.features")
    protected List<String> features;

    /** Enables every feature of the crate ({@code --all-features}). Default: false. Example: {@code -Drust.allFeatures}. */
    @Parameter(property = "rust.allFeatures", defaultValue = "false")
    protected boolean allFeatures;

    /**
     * Disables the crate's default features ({@code --no-default-features}); {@code features} then lists all
     * that are wanted. Default: false. Example: {@code -Drust.noDefaultFeatures}.
     */
    @Parameter(property = "rust.noDefaultFeatures", defaultValue = "false")
    protected boolean noDefaultFeatures;

    /**
     * Extra arguments appended to {@code cargo build} (and to {@code cargo test} for {@code rust:test}), one
     * per element; the plugin already passes the target, the profile and the features. Default: none.
     * Example: {@code <cargoArgs><arg>--locked</arg></cargoArgs>}, or {@code -Drust.cargoArgs=--locked}.
     */
    @Parameter(property = "rust.cargoArgs")
    protected List<String> cargoArgs;

    /**
     * Extra environment variables for cargo, one element per variable, applied last (over the environment
     * Maven runs in and what the plugin sets). No user property. Default: none. Example:
     * {@code <environment><RUSTFLAGS>-C target-cpu=cortex-a72</RUSTFLAGS></environment>}.
     */
    @Parameter
    protected Map<String, String> environment;

    /**
     * Who links each target: {@code auto} (default: the plugin links every target that is not the host
     * and has no linker of the user's, from {@code CARGO_TARGET_<T>_LINKER} or {@code target.<t>.linker} in
     * {@code .cargo/config.toml}), {@code lld} (the plugin links every target, the host too) or {@code cargo}
     * (the plugin never touches linking). The plugin links with LLD and needs no C cross toolchain.
     * Example: {@code -Drust.linking=cargo}.
     */
    @Parameter(property = "rust.linking", defaultValue = "auto", required = true)
    protected String linking;

    /**
     * The oldest glibc the outputs of gnu targets must load with (the glibc floor): the plugin links against
     * generated glibc stubs of this version, so using anything newer fails the link, naming the function and
     * the lowest floor that has it. Choose the glibc of the oldest system to support: 2.28 Raspberry Pi OS
     * buster, 2.31 bullseye, 2.36 bookworm. Default: 2.28; from 2.17 (Rust's own minimum) to 2.36 (the
     * newest in the plugin's glibc data). Example: {@code -Drust.glibc=2.31}.
     */
    @Parameter(property = "rust.glibc", defaultValue = "2.28", required = true)
    protected String glibc;

    /**
     * The glibc floor for single targets, overriding {@code glibc}: one element per target, named by its
     * triple. No user property. Default: none (every target uses {@code glibc}). Example:
     * <code>&lt;glibcFloors&gt;&lt;aarch64-unknown-linux-gnu&gt;2.31&lt;/aarch64-unknown-linux-gnu&gt;&lt;/glibcFloors&gt;</code>.
     */
    @Parameter
    protected Map<String, String> glibcFloors;

    /**
     * A root directory for the targets (an unpacked Raspberry Pi OS or Debian root with libc6-dev): the C
     * headers that build scripts compile C against, and the C start files executables for gnu targets link
     * with. Default: the plugin installs what is needed from Debian's packages for the target's architecture
     * (see {@code debianMirror}). Example: {@code -Drust.sysroot=/opt/pi-root}.
     */
    @Parameter(property = "rust.sysroot")
    protected File sysroot;

    /**
     * The clang that compiles the C, C++ and assembly of build scripts (the {@code cc} crate) for the targets:
     * a path or a command name. clang is a cross compiler for every target, so no C cross toolchain is
     * needed. Default: {@code clang} on the PATH, else the newest {@code clang-<version>} there. Used only
     * when a crate of the build depends on {@code cc}, {@code cmake} or {@code bindgen}, and not for a target
     * whose {@code CC_<triple>} the user set. Example: {@code -Drust.cc=/usr/lib/llvm-16/bin/clang}.
     */
    @Parameter(property = "rust.cc")
    protected String cc;

    /**
     * A program cargo runs every rustc call through, such as {@code sccache}, for every target (the plugin's own
     * launcher for targets built with a fetched rust-std included): a name on the PATH or a path. Sets
     * {@code RUSTC_WRAPPER} for cargo; an {@code RUSTC_WRAPPER} in {@code environment} wins. When the wrapper is
     * sccache (set here, in the environment, or as {@code build.rustc-wrapper} in a cargo configuration file),
     * the build summary says how many compilations its cache served. Default: none (cargo's own settings
     * apply). Example: {@code -Drust.rustcWrapper=sccache}.
     */
    @Parameter(property = "rust.rustcWrapper")
    protected String rustcWrapper;

    protected AbstractCompileMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    @Override
    protected CSettings cSettings() {
        return new CSettings(
                Optional.ofNullable(cc),
                Optional.ofNullable(debianMirror),
                Optional.ofNullable(debianSuite),
                Optional.ofNullable(debianKeyring).map(File::toPath));
    }

    /** The linking settings, checked. */
    protected LinkSetup.Settings linkSettings() throws BuildException {
        try {
            return LinkSetup.Settings.parse(
                    linking,
                    glibc,
                    glibcFloors == null ? Map.of() : glibcFloors,
                    Optional.ofNullable(sysroot).map(File::toPath));
        } catch (InvalidSettingException e) {
            throw BuildException.invalid(e, MavenSettingNames.INSTANCE);
        }
    }

    /** What cargo compiles, for {@code targets} (empty: the host). */
    protected BuildRequest request(List<String> targets) throws BuildException {
        if (cargoArgs != null
                && cargoArgs.stream().anyMatch(a -> a.equals("--target-dir") || a.startsWith("--target-dir="))) {
            throw BuildException.configuration("<cargoArgs> (rust.cargoArgs) holds --target-dir: the plugin gives cargo"
                    + " its target directory itself ("
                    + Path.of(project.getBuild().getDirectory(), "cargo")
                    + "), where it reads the outputs. Remove --target-dir from <cargoArgs>.");
        }
        if (environment != null && environment.containsKey("CARGO_TARGET_DIR")) {
            throw BuildException.configuration("<environment> sets CARGO_TARGET_DIR: the plugin gives cargo its target"
                    + " directory itself (" + Path.of(project.getBuild().getDirectory(), "cargo") + "), where it reads"
                    + " the outputs. Remove CARGO_TARGET_DIR from <environment>.");
        }
        Map<String, String> cargoEnvironment = new HashMap<>();
        if (rustcWrapper != null && !rustcWrapper.isBlank()) {
            cargoEnvironment.put(RustcWrapper.VARIABLE, checkedRustcWrapper(rustcWrapper.strip()));
        }
        if (environment != null) {
            cargoEnvironment.putAll(environment);
        }
        return new BuildRequest(
                crate.toPath(),
                targets,
                profile,
                splitCommas(features),
                allFeatures,
                noDefaultFeatures,
                cargoArgs == null ? List.of() : cargoArgs,
                cargoEnvironment,
                cargoParameter(),
                rustcParameter(),
                versionParameter(),
                Path.of(project.getBuild().getDirectory(), "cargo"));
    }

    /**
     * The wrapper's full path, found as cargo would find it (a name on the PATH or in cargo's bin directory, a
     * relative path from the crate's directory, where cargo runs).
     */
    private String checkedRustcWrapper(String wrapper) throws BuildException {
        boolean hasDirectory = wrapper.contains("/") || wrapper.contains(File.separator);
        String lookedUp = hasDirectory && !Path.of(wrapper).isAbsolute()
                ? crate.toPath().resolve(wrapper).normalize().toString()
                : wrapper;
        Optional<Path> found = ExecutableFinder.forHost(host).find(lookedUp);
        if (found.isEmpty() || !Files.isExecutable(found.get())) {
            String name = MavenSettingNames.INSTANCE.name(Setting.RUSTC_WRAPPER);
            throw BuildException.configuration(name + " is '" + wrapper + "', which "
                    + (found.isEmpty() ? "is not an executable file or a program on the PATH" : "is not executable")
                    + ". Install it (for sccache: apt-get install sccache, or cargo install sccache), give its full"
                    + " path, or remove " + name + " to build without a compiler wrapper.");
        }
        return found.get().toAbsolutePath().toString();
    }
}
