package dev.rustmaven.debian;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * One package asked for: an exact name such as {@code libc6-dev}, or a name with one {@code *} standing for a
 * version number (digits and dots), such as {@code libstdc++-*-dev}. A pattern chooses, among the package
 * names of the index that match, the one whose number is highest ({@code 12} over {@code 9}), so that one
 * request works across suites: {@code libgcc-12-dev} on bookworm, {@code libgcc-14-dev} on trixie.
 *
 * @param text the request as given
 */
record PackageRequest(String text) {

    private static final String NAME = "[a-z0-9][a-z0-9+.-]+";
    private static final String PART = "[a-z0-9+.-]*";

    /**
     * Checks a request.
     *
     * @throws DebianException (CONFIGURATION) naming the request when it is neither a package name nor a
     *     pattern with one {@code *}
     */
    static PackageRequest of(String text) throws DebianException {
        String request = text == null ? "" : text.strip();
        int star = request.indexOf('*');
        boolean valid = star < 0
                ? request.matches(NAME)
                : request.indexOf('*', star + 1) < 0
                        && request.length() > 1
                        && request.substring(0, star).matches(PART)
                        && request.substring(star + 1).matches(PART);
        if (!valid) {
            throw new DebianException(
                    DebianException.Reason.CONFIGURATION,
                    "'" + text + "' is not a Debian package name (lower-case letters, digits and + . -, at least two"
                            + " characters, starting with a letter or digit) nor such a name with one '*' standing"
                            + " for a version number, e.g. libstdc++-*-dev.");
        }
        return new PackageRequest(request);
    }

    boolean isPattern() {
        return text.indexOf('*') >= 0;
    }

    /** The text before the {@code *} (all of it for an exact name). */
    String prefix() {
        return isPattern() ? text.substring(0, text.indexOf('*')) : text;
    }

    /** The text after the {@code *} (empty for an exact name). */
    String suffix() {
        return isPattern() ? text.substring(text.indexOf('*') + 1) : "";
    }

    /** Whether {@code name} is this name, or matches this pattern with a version number for the {@code *}. */
    boolean matches(String name) {
        if (!isPattern()) {
            return text.equals(name);
        }
        return name.length() > prefix().length() + suffix().length()
                && name.startsWith(prefix())
                && name.endsWith(suffix())
                && wildcard(name).matches("[0-9][0-9.]*");
    }

    /** The name among {@code names} this request means: itself, or the matching name with the highest number. */
    Optional<String> choose(Collection<String> names) {
        if (!isPattern()) {
            return names.contains(text) ? Optional.of(text) : Optional.empty();
        }
        return names.stream()
                .filter(this::matches)
                .max(Comparator.comparing(this::wildcard, DebianVersion::compareParts));
    }

    private String wildcard(String name) {
        return name.substring(prefix().length(), name.length() - suffix().length());
    }
}
