package dev.rustmaven.distribution;

import dev.rustmaven.fs.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A small Rust dist server's content for one compiler, in the real layout: a manifest (URLs with the
 * official prefix, as the Rust project writes them) with its .sha256, and rust-installer tarballs.
 */
public final class FakeDist {

    public static final String HASH = "4d91de4e48198da2e33413efdcd9cd2cc0c46688";
    public static final String STABLE = "1.85.0";

    private final CompilerRelease compiler;
    private final String manifestDate;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final StringBuilder manifestTargets = new StringBuilder();
    private final StringBuilder rustcTargets = new StringBuilder();
    private String rustcVersion;

    FakeDist(CompilerRelease compiler, String manifestDate) {
        this.compiler = compiler;
        this.manifestDate = manifestDate;
        this.rustcVersion = compiler.release().replaceFirst("-.*", "") + " (" + compiler.shortHash() + " "
                + compiler.commitDate() + ")";
    }

    static CompilerRelease stable() {
        return CompilerRelease.of(STABLE, HASH, "2025-02-17");
    }

    public static FakeDist stableDist() {
        return new FakeDist(stable(), "2025-02-20");
    }

    /** Pretends the server's build of this release came from another commit. */
    FakeDist rustcVersion(String version) {
        this.rustcVersion = version;
        return this;
    }

    /** Adds rust-std for {@code triple} with a few rlibs, as .tar.xz and .tar.gz. */
    public FakeDist rustStd(String triple) {
        return rustStd(triple, (tar, payload) -> tar);
    }

    /**
     * Adds rust-std for {@code triple} as {@link #rustStd(String)} does, with what {@code extra} appends to its
     * tarball after the rlibs; {@code extra} is given the payload directory ({@code <top>/rust-std-<triple>}).
     */
    FakeDist rustStd(String triple, BiFunction<TestTarballs, String, TestTarballs> extra) {
        String componentDir = "rust-std-" + triple;
        TestTarballs tar = installer("rust-std", triple, componentDir)
                .file(
                        top("rust-std", triple) + "/" + componentDir + "/lib/rustlib/" + triple
                                + "/lib/libstd-abc.rlib",
                        "std for " + triple)
                .file(
                        top("rust-std", triple) + "/" + componentDir + "/lib/rustlib/" + triple
                                + "/lib/libcore-abc.rlib",
                        "core for " + triple);
        tar = extra.apply(tar, top("rust-std", triple) + "/" + componentDir);
        manifestTargets.append(targetEntry("rust-std", triple, tar, true, true));
        return this;
    }

    /** Adds rust-std for {@code triple} published only as .tar.gz. */
    FakeDist rustStdGzOnly(String triple) {
        String componentDir = "rust-std-" + triple;
        TestTarballs tar = installer("rust-std", triple, componentDir)
                .file(
                        top("rust-std", triple) + "/" + componentDir + "/lib/rustlib/" + triple + "/lib/libstd-gz.rlib",
                        "gz std");
        manifestTargets.append(targetEntry("rust-std", triple, tar, false, true));
        return this;
    }

    /** Lists rust-std for {@code triple} as unavailable, as manifests do for targets not built. */
    FakeDist unavailable(String triple) {
        manifestTargets.append("\n[pkg.rust-std.target.").append(triple).append("]\navailable = false\n");
        return this;
    }

    /** Adds the host compiler with rust-lld, an LLVM library and the rest a real rustc component carries. */
    FakeDist rustc(String host) {
        String t = top("rustc", host) + "/rustc/";
        TestTarballs tar = installer("rustc", host, "rustc")
                .file(t + "bin/rustc", "rustc".getBytes(StandardCharsets.UTF_8), 0755)
                .file(t + "lib/librustc_driver-abc.so", "driver".getBytes(StandardCharsets.UTF_8), 0644)
                .file(t + "lib/libLLVM.so.19.1-rust-1.85.0-stable", "llvm".getBytes(StandardCharsets.UTF_8), 0644)
                .file(t + "lib/rustlib/" + host + "/bin/rust-lld", "lld".getBytes(StandardCharsets.UTF_8), 0755)
                .file(
                        t + "lib/rustlib/" + host + "/bin/gcc-ld/ld.lld",
                        "wrapper".getBytes(StandardCharsets.UTF_8),
                        0755)
                .file(t + "share/man/man1/rustc.1", "manual");
        rustcTargets.append(targetEntry("rustc", host, tar, true, true));
        return this;
    }

    /** Server-relative path of the manifest, e.g. {@code /dist/channel-rust-1.85.0.toml}. */
    String manifestPath() {
        if (compiler.channel() == Channel.STABLE) {
            return "/dist/channel-rust-" + compiler.release() + ".toml";
        }
        return "/dist/" + manifestDate + "/channel-rust-" + compiler.channel().manifestName() + ".toml";
    }

    /** Server-relative path of a tarball. */
    public String tarballPath(String pkg, String triple, Compression compression) {
        return "/dist/" + manifestDate + "/" + top(pkg, triple) + compression.suffix();
    }

    String manifest() {
        return "manifest-version = \"2\"\n"
                + "date = \"" + manifestDate + "\"\n"
                + "\n[pkg.rust-std]\nversion = \"" + rustcVersion + "\"\n" + manifestTargets
                + "\n[pkg.rustc]\nversion = \"" + rustcVersion + "\"\n" + rustcTargets
                + "\n[renames.rls]\nto = \"rls-preview\"\n"
                + "\n[profiles]\nminimal = [\"rustc\", \"cargo\", \"rust-std\"]\n";
    }

    /** Every file of the server, by server-relative path, manifest and checksum included. */
    Map<String, byte[]> files() {
        Map<String, byte[]> all = new LinkedHashMap<>(files);
        byte[] manifest = manifest().getBytes(StandardCharsets.UTF_8);
        all.put(manifestPath(), manifest);
        String name = manifestPath().substring(manifestPath().lastIndexOf('/') + 1);
        all.put(
                manifestPath() + ".sha256",
                (Sha256.of(manifest) + "  " + name + "\n").getBytes(StandardCharsets.UTF_8));
        return all;
    }

    public FakeDist serveOn(LoopbackServer server) {
        files().forEach(server::serve);
        return this;
    }

    FakeDist writeTo(Path root) throws IOException {
        for (Map.Entry<String, byte[]> file : files().entrySet()) {
            Path target = root.resolve(file.getKey().substring(1));
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
        return this;
    }

    private String top(String pkg, String triple) {
        String version = compiler.channel() == Channel.STABLE
                ? compiler.release()
                : compiler.channel().manifestName();
        return pkg + "-" + version + "-" + triple;
    }

    private TestTarballs installer(String pkg, String triple, String componentDir) {
        String top = top(pkg, triple);
        return new TestTarballs()
                .directory(top)
                .file(top + "/components", componentDir + "\n")
                .file(top + "/rust-installer-version", "3\n")
                .file(top + "/install.sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0755)
                .file(top + "/" + componentDir + "/manifest.in", "file:lib/whatever\n");
    }

    private String targetEntry(String pkg, String triple, TestTarballs tar, boolean xz, boolean gz) {
        StringBuilder entry = new StringBuilder("\n[pkg." + pkg + ".target." + triple + "]\navailable = true\n");
        if (gz) {
            byte[] bytes = tar.compressed(Compression.GZ);
            String path = tarballPath(pkg, triple, Compression.GZ);
            files.put(path, bytes);
            entry.append("url = \"")
                    .append(DistServer.OFFICIAL_ROOT)
                    .append(path)
                    .append("\"\n")
                    .append("hash = \"")
                    .append(Sha256.of(bytes))
                    .append("\"\n");
        }
        if (xz) {
            byte[] bytes = tar.compressed(Compression.XZ);
            String path = tarballPath(pkg, triple, Compression.XZ);
            files.put(path, bytes);
            entry.append("xz_url = \"")
                    .append(DistServer.OFFICIAL_ROOT)
                    .append(path)
                    .append("\"\n")
                    .append("xz_hash = \"")
                    .append(Sha256.of(bytes))
                    .append("\"\n");
        }
        return entry.toString();
    }
}
