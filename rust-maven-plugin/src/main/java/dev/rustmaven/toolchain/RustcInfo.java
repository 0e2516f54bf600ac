package dev.rustmaven.toolchain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code rustc -vV} says about a compiler.
 *
 * @param versionLine the first line, e.g. {@code rustc 1.95.0 (59807616e 2026-04-14)}
 * @param release e.g. {@code 1.95.0}, {@code 1.96.0-beta.3} or {@code 1.97.0-nightly}
 * @param commitHash the full commit hash, or {@code unknown}
 * @param commitDate e.g. {@code 2026-04-14}, or {@code unknown}
 * @param host the host triple
 * @param llvmVersion the LLVM version, or empty
 */
public record RustcInfo(
        String versionLine, String release, String commitHash, String commitDate, String host, String llvmVersion) {

    /** Parses the output of {@code rustc -vV}. */
    public static RustcInfo parse(List<String> lines) {
        Map<String, String> fields = new HashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                fields.put(
                        line.substring(0, colon).trim(),
                        line.substring(colon + 2).trim());
            }
        }
        String host = fields.get("host");
        String release = fields.get("release");
        if (host == null || release == null) {
            throw new IllegalArgumentException(
                    "unexpected output of 'rustc -vV' (no 'host:' or 'release:' line): " + String.join(" | ", lines));
        }
        return new RustcInfo(
                lines.isEmpty() ? "" : lines.get(0),
                release,
                fields.getOrDefault("commit-hash", "unknown"),
                fields.getOrDefault("commit-date", "unknown"),
                host,
                fields.getOrDefault("LLVM version", ""));
    }

    /** Every field in one string: equal for the same compiler build, different for another (a cache key part). */
    public String identity() {
        return String.join("\n", versionLine, release, commitHash, commitDate, host, llvmVersion);
    }

    /** {@code stable}, {@code beta}, {@code nightly} or {@code dev}, from the release's suffix. */
    public String channel() {
        int dash = release.indexOf('-');
        if (dash < 0) {
            return "stable";
        }
        String suffix = release.substring(dash + 1);
        int dot = suffix.indexOf('.');
        return dot < 0 ? suffix : suffix.substring(0, dot);
    }

    /**
     * Whether the compiler says it was built by a distribution from a source tarball (Debian's, for
     * example): such a build has no matching rust-std on the Rust distribution server.
     */
    public boolean builtFromSourceTarball() {
        return versionLine.contains("built from a source tarball");
    }
}
