package dev.rustmaven.glibc;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A symbol version name such as {@code GLIBC_2.28} or {@code GCC_3.0}. Only {@code GLIBC_*} versions are
 * limited by the glibc floor; the others (libgcc_s's {@code GCC_*}) are kept as they are.
 */
public record SymbolVersion(String name) implements Comparable<SymbolVersion> {

    private static final Pattern NUMBERS = Pattern.compile("\\d+");

    /** Orders GLIBC versions numerically before any other family, the others by name and numbers. */
    private static final Comparator<SymbolVersion> ORDER = Comparator.comparing(
                    (SymbolVersion v) -> v.glibc().isEmpty())
            .thenComparing(v -> v.glibc().orElse(GlibcVersion.RUST_MINIMUM))
            .thenComparing(SymbolVersion::family)
            .thenComparing(SymbolVersion::numbers, SymbolVersion::compareNumbers)
            .thenComparing(SymbolVersion::name);

    public SymbolVersion {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a symbol version name must not be blank");
        }
    }

    /** The glibc release of a {@code GLIBC_x.y[.z]} version, empty for other families. */
    public Optional<GlibcVersion> glibc() {
        return GlibcVersion.isSymbolVersionName(name) ? Optional.of(GlibcVersion.parse(name)) : Optional.empty();
    }

    /** Whether a glibc floor lets this version be used: GLIBC versions up to the floor, all others. */
    public boolean isAllowedAt(GlibcVersion floor) {
        return glibc().map(v -> !v.isNewerThan(floor)).orElse(true);
    }

    private String family() {
        int underscore = name.indexOf('_');
        return underscore < 0 ? name : name.substring(0, underscore);
    }

    private int[] numbers() {
        Matcher m = NUMBERS.matcher(name);
        return m.results().mapToInt(r -> Integer.parseInt(r.group())).toArray();
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
    public String toString() {
        return name;
    }
}
