package dev.rustmaven.distribution;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Rust toolchain as a user names it, the way rustup reads a toolchain name: a channel ({@code stable},
 * {@code beta}, {@code nightly}), a release ({@code 1.85.0}) or a minor version ({@code 1.85}, the newest patch
 * release of it), optionally with the date of a channel's build ({@code nightly-2025-02-01}). A rustup-style
 * host suffix ({@code stable-x86_64-unknown-linux-gnu}) is accepted when it names the host.
 *
 * @param name the channel, release or minor version ({@code stable}, {@code 1.85.0}, {@code 1.85})
 * @param date the build date of a dated channel, or empty
 */
public record ToolchainSpec(String name, Optional<LocalDate> date) {

    /** The forms accepted, for error messages. */
    public static final String FORMS =
            "stable, beta, nightly, a release such as 1.85.0, a minor version such as 1.85 (its newest patch"
                    + " release), or a dated channel such as nightly-2025-02-01";

    private static final Pattern CHANNEL = Pattern.compile("(stable|beta|nightly)(?:-(\\d{4}-\\d{2}-\\d{2}))?");
    private static final Pattern RELEASE = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Pattern MINOR = Pattern.compile("\\d+\\.\\d+");

    /**
     * Parses {@code text} for a host.
     *
     * @param host the host triple, which a rustup-style suffix may repeat
     * @throws IllegalArgumentException naming the accepted forms when {@code text} is none of them
     */
    public static ToolchainSpec parse(String text, String host) {
        String value = text == null ? "" : text.strip();
        if (host != null && value.endsWith("-" + host)) {
            value = value.substring(0, value.length() - host.length() - 1);
        }
        Matcher channel = CHANNEL.matcher(value);
        if (channel.matches()) {
            Optional<LocalDate> date = Optional.empty();
            if (channel.group(2) != null) {
                try {
                    date = Optional.of(LocalDate.parse(channel.group(2)));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(
                            "'" + text + "' has no valid date (" + channel.group(2) + " is not a day of the calendar)",
                            e);
                }
            }
            return new ToolchainSpec(channel.group(1), date);
        }
        if (RELEASE.matcher(value).matches() || MINOR.matcher(value).matches()) {
            return new ToolchainSpec(value, Optional.empty());
        }
        throw new IllegalArgumentException("'" + text + "' is not a Rust toolchain name; use " + FORMS);
    }

    /**
     * Whether this name always means the same compiler build, so that a cached install can be used without
     * asking the server: a full release, or a dated channel.
     */
    public boolean isPinned() {
        return date.isPresent() || RELEASE.matcher(name).matches();
    }

    /** The channel this toolchain belongs to. */
    public Channel channel() {
        return switch (name) {
            case "beta" -> Channel.BETA;
            case "nightly" -> Channel.NIGHTLY;
            default -> Channel.STABLE;
        };
    }

    /** The manifest's path below the server root: {@code dist/channel-rust-1.85.0.toml}, {@code dist/2025-02-01/channel-rust-nightly.toml}. */
    public String manifestPath() {
        return "dist/" + date.map(d -> d + "/").orElse("") + "channel-rust-" + name + ".toml";
    }

    /**
     * Whether an installed compiler build can stand for this name when the server cannot be asked (offline).
     *
     * @param manifestDate the {@code date} of the manifest the install came from
     */
    public boolean admits(CompilerRelease compiler, String manifestDate) {
        if (date.isPresent()) {
            return compiler.channel() == channel() && date.get().toString().equals(manifestDate);
        }
        if (RELEASE.matcher(name).matches()) {
            return compiler.release().equals(name);
        }
        if (MINOR.matcher(name).matches()) {
            return compiler.channel() == Channel.STABLE && compiler.release().startsWith(name + ".");
        }
        return compiler.channel() == channel();
    }

    @Override
    public String toString() {
        return name + date.map(d -> "-" + d).orElse("");
    }
}
