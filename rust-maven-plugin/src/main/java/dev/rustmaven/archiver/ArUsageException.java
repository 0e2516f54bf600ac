package dev.rustmaven.archiver;

/** The archiver's command line asks for something it does not do; the message says what and what it does. */
public final class ArUsageException extends Exception {

    private static final long serialVersionUID = 1L;

    public ArUsageException(String message) {
        super(message);
    }
}
