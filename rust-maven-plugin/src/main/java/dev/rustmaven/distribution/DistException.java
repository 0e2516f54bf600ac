package dev.rustmaven.distribution;

/**
 * Fetching or installing a Rust component failed. The message is written for the user and says what to do;
 * {@link #reason()} lets a caller tell bad configuration from a broken network or server.
 */
public final class DistException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why it failed. */
    public enum Reason {
        /** The server has no manifest for this compiler (e.g. a distribution's own rustc build). */
        NO_MANIFEST(true),
        /** The manifest lists the target as unavailable, or does not list it at all. */
        TARGET_UNAVAILABLE(true),
        /** Offline mode, and the component is not in the cache. */
        OFFLINE_MISSING(true),
        /** A file the manifest names is not on the server. */
        NOT_FOUND(false),
        /** A download's sha256 differs from the published one. */
        CHECKSUM_MISMATCH(false),
        /** The proxy refused the configured credentials. */
        PROXY_AUTHENTICATION(true),
        /** Connection errors, timeouts or server errors that outlasted the retries. */
        NETWORK(false),
        /** A manifest or archive is malformed, or an archive entry would land outside its destination. */
        MALFORMED(false),
        /** Reading or writing the cache failed. */
        IO(false);

        private final boolean userFixable;

        Reason(boolean userFixable) {
            this.userFixable = userFixable;
        }

        /** Whether the user's configuration or choice of toolchain is the likely cause. */
        public boolean userFixable() {
            return userFixable;
        }
    }

    private final Reason reason;

    public DistException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DistException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
