package dev.rustmaven.debian;

/**
 * Getting packages from a Debian-format archive failed. The message is written for the user: it names the
 * URL, file or setting concerned and says what to do; {@link #reason()} lets a caller tell bad
 * configuration from a broken network, mirror or download.
 */
public final class DebianException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why it failed. */
    public enum Reason {
        /** A setting or argument is missing or unusable: mirror, suite, keyring, architecture, package names. */
        CONFIGURATION(true),
        /** The archive has no such suite: its signed index is not there. */
        UNKNOWN_SUITE(true),
        /** A requested package is not in the suite for the architecture. */
        PACKAGE_NOT_FOUND(true),
        /** Offline, and the requested root is not in the cache. */
        OFFLINE_MISSING(true),
        /** No signature of the index verifies with the keyring, one is bad, or the index has expired. */
        UNTRUSTED(false),
        /** A file's size or SHA-256 differs from what the signed index says. */
        CHECKSUM_MISMATCH(false),
        /** Connection errors, timeouts or server errors that outlasted the retries. */
        NETWORK(false),
        /** A file of the archive cannot be read as what it should be. */
        MALFORMED(false),
        /** Reading or writing the cache failed. */
        IO(false);

        private final boolean userFixable;

        Reason(boolean userFixable) {
            this.userFixable = userFixable;
        }

        /** Whether the user's configuration is the likely cause. */
        public boolean userFixable() {
            return userFixable;
        }
    }

    private final Reason reason;

    public DebianException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DebianException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
