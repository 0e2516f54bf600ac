package dev.rustmaven.glibc;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * A symbol version name such as {@code GLIBC_2.28} or {@code GCC_3.0}. Only {@code GLIBC_*} versions are
 * limited by the glibc floor; the others (libgcc_s's {@code GCC_*}) are kept as they are.
 *
 * <p>What the order and the floor look at (the glibc release, the family, the numbers) is parsed once, in the
 * constructor: the stub specification compares these versions hundreds of thousands of times per build, and
 * parsing the name on every comparison made it the plugin's largest source of garbage.
 */
public final class SymbolVersion implements Comparable<SymbolVersion> {

    /** Orders GLIBC versions numerically before any other family, the others by name and numbers. */
    private static final Comparator<SymbolVersion> ORDER = Comparator.comparing((SymbolVersion v) -> v.glibc == null)
            .thenComparing(v -> v.glibc == null ? GlibcVersion.RUST_MINIMUM : v.glibc)
            .thenComparing(v -> v.family)
            .thenComparing(v -> v.numbers, SymbolVersion::compareNumbers)
            .thenComparing(v -> v.name);

    private final String name;
    private final GlibcVersion glibc;
    private final String family;
    private final int[] numbers;

    public SymbolVersion(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a symbol version name must not be blank");
        }
        this.name = name;
        this.glibc = GlibcVersion.isSymbolVersionName(name) ? GlibcVersion.parse(name) : null;
        int underscore = name.indexOf('_');
        this.family = underscore < 0 ? name : name.substring(0, underscore);
        this.numbers = numbers(name);
    }

    /** The name, e.g. {@code GLIBC_2.28}. */
    public String name() {
        return name;
    }

    /** The glibc release of a {@code GLIBC_x.y[.z]} version, empty for other families. */
    public Optional<GlibcVersion> glibc() {
        return Optional.ofNullable(glibc);
    }

    /** Whether a glibc floor lets this version be used: GLIBC versions up to the floor, all others. */
    public boolean isAllowedAt(GlibcVersion floor) {
        return glibc == null || !glibc.isNewerThan(floor);
    }

    /** The runs of decimal digits in {@code name}, in order, e.g. {@code GCC_4.2.0 -> [4, 2, 0]}. */
    private static int[] numbers(String name) {
        int[] found = new int[name.length()];
        int count = 0;
        int i = 0;
        while (i < name.length()) {
            if (!isDigit(name.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < name.length() && isDigit(name.charAt(i))) {
                i++;
            }
            found[count++] = Integer.parseInt(name, start, i, 10);
        }
        return Arrays.copyOf(found, count);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int compareNumbers(int[] a, int[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int c = Integer.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    @Override
    public int compareTo(SymbolVersion o) {
        return ORDER.compare(this, o);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SymbolVersion other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
