package dev.rustmaven.distribution;

import dev.rustmaven.fs.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A dist server's content for whole host toolchains, in the real layout: per toolchain a channel manifest
 * with {@code rustc}, {@code cargo} and {@code rust-std} for the host, and their rust-installer tarballs. The
 * {@code bin/rustc} is a shell script that answers {@code -vV} and
 * {@code --print sysroot --print target-list} as the real one would, so that a locator can run it.
 */
public final class FakeToolchainDist {

    public static final String HOST = "x86_64-unknown-linux-gnu";

    private final Map<String, byte[]> files = new LinkedHashMap<>();

    /**
     * Adds a toolchain.
     *
     * @param release e.g. {@code 1.85.0} or {@code 1.87.0-nightly}
     * @param hash the full commit hash
     * @param date the commit date; the manifest is dated the day after
     * @param manifestPaths where the manifest is published, e.g. {@code /dist/channel-rust-1.85.0.toml}
     * @param xz whether xz tarballs are published besides the gz ones
     */
    public FakeToolchainDist toolchain(String release, String hash, String date, boolean xz, String... manifestPaths) {
        String version = release + " (" + hash.substring(0, 9) + " " + date + ")";
        String dated = "/dist/" + date + "/";
        String name = release.contains("-") ? release.substring(release.indexOf('-') + 1) : release;
        StringBuilder manifest = new StringBuilder("manifest-version = \"2\"\ndate = \"" + date + "\"\n");
        String rustcScript = "#!/bin/sh\n"
                + "case \"$*\" in\n"
                + "  -vV) printf 'rustc " + version + "\\nbinary: rustc\\ncommit-hash: " + hash + "\\ncommit-date: "
                + date + "\\nhost: " + HOST + "\\nrelease: " + release + "\\nLLVM version: 19.1.7\\n' ;;\n"
                + "  '--print sysroot --print target-list') cd \"$(dirname \"$0\")/..\" && pwd && printf '" + HOST
                + "\\narmv7-unknown-linux-gnueabihf\\n' ;;\n"
                + "  *) echo \"fake rustc: $*\" >&2; exit 1 ;;\n"
                + "esac\n";
        String cargoScript = "#!/bin/sh\necho 'cargo " + release + "'\n";
        manifest.append(pkg("rustc", version, hash, name, dated, xz, new TestTarballs(), "rustc", new String[][] {
            {"bin/rustc", rustcScript, "755"},
            {"bin/rustdoc", "#!/bin/sh\n", "755"},
            {"lib/librustc_driver-abc.so", "driver", "644"},
            {"lib/rustlib/" + HOST + "/bin/rust-lld", "lld", "755"},
        }));
        manifest.append(pkg(
                "rust-std", version, hash, name, dated, xz, new TestTarballs(), "rust-std-" + HOST, new String[][] {
                    {"lib/rustlib/" + HOST + "/lib/libstd-abc.rlib", "std", "644"}
                }));
        manifest.append(pkg(
                "cargo",
                release.replaceFirst("^1\\.", "0.").concat(" (abcdef123 " + date + ")"),
                null,
                name,
                dated,
                xz,
                new TestTarballs(),
                "cargo",
                new String[][] {
                    {"bin/cargo", cargoScript, "755"},
                    {"share/doc/cargo/README.md", "cargo", "644"},
                }));
        manifest.append("\n[pkg.rust-std.target.armv7-unknown-linux-gnueabihf]\navailable = false\n");
        byte[] bytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
        for (String path : manifestPaths) {
            files.put(path, bytes);
            files.put(
                    path + ".sha256",
                    (Sha256.of(bytes) + "  " + path.substring(path.lastIndexOf('/') + 1) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    private String pkg(
            String pkg,
            String version,
            String hash,
            String name,
            String dated,
            boolean xz,
            TestTarballs tar,
            String component,
            String[][] payload) {
        String top = pkg + "-" + name + "-" + HOST;
        tar.directory(top).file(top + "/components", component + "\n").file(top + "/rust-installer-version", "3\n");
        StringBuilder manifestIn = new StringBuilder();
        for (String[] file : payload) {
            tar.file(
                    top + "/" + component + "/" + file[0],
                    file[1].getBytes(StandardCharsets.UTF_8),
                    Integer.parseInt(file[2], 8));
            manifestIn.append("file:").append(file[0]).append('\n');
        }
        tar.file(top + "/" + component + "/manifest.in", manifestIn.toString());
        StringBuilder entry = new StringBuilder("\n[pkg." + pkg + "]\nversion = \"" + version + "\"\n");
        if (hash != null) {
            entry.append("git_commit_hash = \"").append(hash).append("\"\n");
        }
        entry.append("\n[pkg.").append(pkg).append(".target.").append(HOST).append("]\navailable = true\n");
        byte[] gz = tar.compressed(Compression.GZ);
        files.put(dated + top + ".tar.gz", gz);
        entry.append(
                "url = \"" + DistServer.OFFICIAL_ROOT + dated + top + ".tar.gz\"\nhash = \"" + Sha256.of(gz) + "\"\n");
        if (xz) {
            byte[] x = tar.compressed(Compression.XZ);
            files.put(dated + top + ".tar.xz", x);
            entry.append("xz_url = \"" + DistServer.OFFICIAL_ROOT + dated + top + ".tar.xz\"\nxz_hash = \""
                    + Sha256.of(x) + "\"\n");
        }
        return entry.toString();
    }

    /** Serves every file; returns this. */
    public FakeToolchainDist serveOn(LoopbackServer server) {
        files.forEach(server::serve);
        return this;
    }

    /** Adds or replaces one file of the server. */
    public FakeToolchainDist file(String path, byte[] content) {
        files.put(path, content);
        return this;
    }
}
