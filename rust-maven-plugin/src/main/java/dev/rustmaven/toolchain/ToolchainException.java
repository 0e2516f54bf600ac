package dev.rustmaven.toolchain;

/** The Rust toolchain could not be found or does not work; the message says what to do. */
public class ToolchainException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Whether the user's configuration is at fault, or a tool that was found. */
    public enum Kind {
        /** cargo or rustc is not where the settings, the environment or the PATH say. */
        NOT_FOUND,
        /** A tool was found but does not run or does not answer like rustc. */
        BROKEN
    }

    private final Kind kind;

    public ToolchainException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
