package dev.rustmaven.distribution;

import java.util.Locale;

/** The Rust release channel a compiler came from; it decides where its dist manifest lives. */
public enum Channel {
    STABLE,
    BETA,
    NIGHTLY;

    /**
     * The channel named by a {@code rustc -vV} release string: {@code 1.85.0} is stable, {@code 1.86.0-beta.3}
     * is beta, {@code 1.87.0-nightly} (and {@code -dev}, a local build) is nightly.
     */
    public static Channel ofRelease(String release) {
        int dash = release.indexOf('-');
        if (dash < 0) {
            return STABLE;
        }
        String suffix = release.substring(dash + 1).toLowerCase(Locale.ROOT);
        if (suffix.startsWith("beta")) {
            return BETA;
        }
        return NIGHTLY;
    }

    /** The name used in manifest file names, e.g. {@code nightly} in {@code channel-rust-nightly.toml}. */
    public String manifestName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
