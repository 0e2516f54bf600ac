package dev.rustmaven.distribution;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which compiler build a component must match, as {@code rustc -vV} reports it. A rust-std only works with
 * the exact compiler build it was made with, so the commit hash is part of its identity.
 *
 * @param release    the {@code release:} line, e.g. {@code 1.85.0} or {@code 1.87.0-nightly}
 * @param commitHash the {@code commit-hash:} line (40 hex digits), or {@code unknown} when rustc does not know
 * @param commitDate the {@code commit-date:} line ({@code YYYY-MM-DD}), or {@code unknown}
 * @param channel    stable, beta or nightly, see {@link Channel#ofRelease(String)}
 */
public record CompilerRelease(String release, String commitHash, String commitDate, Channel channel) {

    private static final Pattern RELEASE = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.]+)?");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{7,40}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final String UNKNOWN = "unknown";

    /** How many hex digits of the commit hash rustc itself prints and the cache layout uses. */
    public static final int SHORT_HASH_LENGTH = 9;

    public CompilerRelease {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(channel, "channel");
        if (!RELEASE.matcher(release).matches()) {
            throw new IllegalArgumentException("Not a rustc release: '" + release + "' (expected e.g. 1.85.0)");
        }
        commitHash = commitHash == null || commitHash.isBlank() ? UNKNOWN : commitHash.trim();
        commitDate = commitDate == null || commitDate.isBlank() ? UNKNOWN : commitDate.trim();
        if (!commitHash.equals(UNKNOWN) && !HASH.matcher(commitHash).matches()) {
            throw new IllegalArgumentException("Not a commit hash: '" + commitHash + "' (expected hex digits)");
        }
        if (!commitDate.equals(UNKNOWN) && !DATE.matcher(commitDate).matches()) {
            throw new IllegalArgumentException("Not a commit date: '" + commitDate + "' (expected YYYY-MM-DD)");
        }
    }

    /** A release whose channel is derived from the release string. */
    public static CompilerRelease of(String release, String commitHash, String commitDate) {
        return new CompilerRelease(release, commitHash, commitDate, Channel.ofRelease(release));
    }

    /** Whether rustc reported a commit hash. */
    public boolean hasCommitHash() {
        return !commitHash.equals(UNKNOWN);
    }

    /** Whether rustc reported a commit date. */
    public boolean hasCommitDate() {
        return !commitDate.equals(UNKNOWN);
    }

    /** The first nine hex digits of the commit hash, as rustc prints them; {@code unknown} without one. */
    public String shortHash() {
        return hasCommitHash() ? commitHash.substring(0, Math.min(SHORT_HASH_LENGTH, commitHash.length())) : UNKNOWN;
    }

    /** The compiler as rustc names itself, e.g. {@code rustc 1.85.0 (4d91de4e4 2025-02-17)}. */
    public String describe() {
        return "rustc " + release + " (" + shortHash() + " " + commitDate + ")";
    }
}
