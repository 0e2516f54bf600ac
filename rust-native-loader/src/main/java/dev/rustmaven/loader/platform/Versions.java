package dev.rustmaven.loader.platform;

/** Compares dotted version numbers such as glibc's {@code 2.36} and {@code 2.4}. */
public final class Versions {

    private Versions() {}

    /**
     * Numeric, part by part: {@code 2.4 < 2.17 < 2.36}; a missing part counts as 0.
     *
     * @throws IllegalArgumentException if a part is not a number
     */
    public static int compare(String a, String b) {
        String[] x = a.trim().split("\\.");
        String[] y = b.trim().split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? parse(x[i], a) : 0;
            int q = i < y.length ? parse(y[i], b) : 0;
            if (p != q) {
                return p < q ? -1 : 1;
            }
        }
        return 0;
    }

    /** True if the text is a dotted number such as {@code 2.36}. */
    public static boolean isVersion(String text) {
        return text != null && text.matches("\\d+(\\.\\d+)*");
    }

    private static int parse(String part, String whole) {
        try {
            return Integer.parseInt(part);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + whole + "' is not a dotted version number like 2.36", e);
        }
    }
}
