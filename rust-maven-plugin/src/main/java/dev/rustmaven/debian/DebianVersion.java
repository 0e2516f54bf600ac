package dev.rustmaven.debian;

import java.util.Objects;

/**
 * A Debian package version, {@code [epoch:]upstream[-revision]}, ordered as dpkg orders versions (Debian
 * Policy 5.6.12): epochs numerically, then the upstream versions, then the revisions. Upstream version and
 * revision are compared in turns of a non-digit part and a digit part: digit parts as numbers, non-digit
 * parts character by character where letters sort before all other characters and {@code ~} sorts before
 * everything, even the end of the part. So {@code 1.0~rc1 < 1.0 < 1.0-1 < 1.0a < 1.0+b1 < 1:0.9}.
 *
 * @param epoch    the epoch, 0 when not written
 * @param upstream the upstream version, never empty
 * @param revision the Debian revision, empty when not written (which compares equal to {@code 0})
 */
public record DebianVersion(long epoch, String upstream, String revision) implements Comparable<DebianVersion> {

    public DebianVersion {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(revision, "revision");
    }

    /**
     * Reads a version as a {@code Version:} field writes it.
     *
     * @throws IllegalArgumentException naming the text when it is not a Debian version
     */
    public static DebianVersion parse(String text) {
        String version = text.strip();
        long epoch = 0;
        int colon = version.indexOf(':');
        if (colon >= 0) {
            String digits = version.substring(0, colon);
            if (!digits.matches("[0-9]{1,9}")) {
                throw invalid(text, "the epoch before ':' must be a number");
            }
            epoch = Long.parseLong(digits);
            version = version.substring(colon + 1);
        }
        String revision = "";
        int dash = version.lastIndexOf('-');
        if (dash >= 0) {
            revision = version.substring(dash + 1);
            version = version.substring(0, dash);
            if (!revision.matches("[A-Za-z0-9+.~]+")) {
                throw invalid(text, "the revision after the last '-' may hold only letters, digits and + . ~");
            }
        }
        if (!version.matches("[A-Za-z0-9][A-Za-z0-9+.~:-]*")) {
            throw invalid(
                    text,
                    "the upstream version must start with a letter or digit and hold only letters,"
                            + " digits and + . ~ - :");
        }
        return new DebianVersion(epoch, version, revision);
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("Not a Debian version: '" + text + "': " + why + ".");
    }

    /** Compares two version strings as dpkg does; see the class documentation. */
    public static int compare(String a, String b) {
        return parse(a).compareTo(parse(b));
    }

    @Override
    public int compareTo(DebianVersion other) {
        int byEpoch = Long.compare(epoch, other.epoch);
        if (byEpoch != 0) {
            return byEpoch;
        }
        int byUpstream = compareParts(upstream, other.upstream);
        return byUpstream != 0 ? byUpstream : compareParts(revision, other.revision);
    }

    /**
     * dpkg's comparison of one upstream version or revision with another; the sign of the result is what
     * counts.
     */
    static int compareParts(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            // The non-digit part, character by character; the end of a part weighs 0, as a digit does.
            while ((i < a.length() && !isDigit(a.charAt(i))) || (j < b.length() && !isDigit(b.charAt(j)))) {
                int left = i < a.length() ? weight(a.charAt(i)) : 0;
                int right = j < b.length() ? weight(b.charAt(j)) : 0;
                if (left != right) {
                    return Integer.compare(left, right);
                }
                i++;
                j++;
            }
            // The digit part, as a number of any length: leading zeros do not count, then the longer one wins,
            // else the first differing digit.
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            int firstDifference = 0;
            while (i < a.length() && isDigit(a.charAt(i)) && j < b.length() && isDigit(b.charAt(j))) {
                if (firstDifference == 0) {
                    firstDifference = Integer.compare(a.charAt(i), b.charAt(j));
                }
                i++;
                j++;
            }
            if (i < a.length() && isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < b.length() && isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDifference != 0) {
                return firstDifference;
            }
        }
        return 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The order of non-digit characters: {@code ~} first, then (the end of the part), letters, the rest. */
    private static int weight(char c) {
        if (c == '~') {
            return -1;
        }
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
            return c;
        }
        return c + 256;
    }

    /** The version as Debian writes it. */
    @Override
    public String toString() {
        return (epoch != 0 ? epoch + ":" : "") + upstream + (revision.isEmpty() ? "" : "-" + revision);
    }
}
