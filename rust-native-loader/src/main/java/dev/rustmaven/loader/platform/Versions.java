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
        // by hand: a regex would be compiled on every start of every application
        if (text == null || text.isEmpty()) {
            return false;
        }
        boolean digitBefore = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digitBefore = true;
            } else if (c == '.' && digitBefore) {
                digitBefore = false;
            } else {
                return false;
            }
        }
        return digitBefore;
    }

    /**
     * True for a version of {@code min} to {@code max} dotted numbers, such as glibc's {@code 2.36} or
     * {@code 2.28.1} (2 to 3).
     */
    static boolean isVersion(String text, int min, int max) {
        if (!isVersion(text)) {
            return false;
        }
        int parts = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '.') {
                parts++;
            }
        }
        return parts >= min && parts <= max;
    }

    /**
     * The length of the version of 2 or 3 dotted numbers that starts at {@code from}, longest first
     * ({@code 2.36} of {@code "2.36."}, {@code 2.28.1} of {@code "2.28.1 "}), or 0 if none starts there.
     */
    static int glibcVersionLength(CharSequence text, int from) {
        int end = digits(text, from);
        if (end == from || end >= text.length() || text.charAt(end) != '.') {
            return 0;
        }
        int second = digits(text, end + 1);
        if (second == end + 1) {
            return 0;
        }
        if (second < text.length() && text.charAt(second) == '.') {
            int third = digits(text, second + 1);
            if (third > second + 1) {
                return third - from;
            }
        }
        return second - from;
    }

    private static int digits(CharSequence text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static int parse(String part, String whole) {
        try {
            return Integer.parseInt(part);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + whole + "' is not a dotted version number like 2.36", e);
        }
    }
}
