package dev.rustmaven.link;

/** Thrown when the front end's configuration file is missing, unreadable or lacks what a link needs. */
public final class LinkerConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    public LinkerConfigException(String message) {
        super(message);
    }

    public LinkerConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
