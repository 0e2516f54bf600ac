package dev.rustmaven.glibc;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A glibc release such as {@code 2.28}, as used for the glibc floor and for symbol version names
 * ({@code GLIBC_2.28}, {@code GLIBC_2.2.5}). Ordered numerically, so {@code 2.9 < 2.17 < 2.28}.
 */
public record GlibcVersion(int major, int minor, int patch) implements Comparable<GlibcVersion> {

    private static final Pattern NUMBERS = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final String SYMBOL_VERSION_PREFIX = "GLIBC_";

    /** The oldest glibc Rust's standard library supports on Linux targets. */
    public static final GlibcVersion RUST_MINIMUM = new GlibcVersion(2, 17, 0);

    public GlibcVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("glibc version parts must not be negative");
        }
    }

    /**
     * Parses {@code 2.28}, {@code 2.2.5} or a symbol version name {@code GLIBC_2.28}.
     *
     * @throws IllegalArgumentException when the text is not such a version
     */
    public static GlibcVersion parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.trim();
        if (s.startsWith(SYMBOL_VERSION_PREFIX)) {
            s = s.substring(SYMBOL_VERSION_PREFIX.length());
        }
        Matcher m = NUMBERS.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a glibc version: expected a version such as 2.28 or GLIBC_2.28");
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return new GlibcVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch);
    }

    /** Whether {@code name} is a glibc symbol version name such as {@code GLIBC_2.4}. */
    public static boolean isSymbolVersionName(String name) {
        return name.startsWith(SYMBOL_VERSION_PREFIX)
                && NUMBERS.matcher(name.substring(SYMBOL_VERSION_PREFIX.length()))
                        .matches();
    }

    /** The symbol version name, e.g. {@code GLIBC_2.28} or {@code GLIBC_2.2.5}. */
    public String symbolVersionName() {
        return SYMBOL_VERSION_PREFIX + this;
    }

    public boolean isNewerThan(GlibcVersion other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(GlibcVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return patch == 0 ? major + "." + minor : major + "." + minor + "." + patch;
    }
}
