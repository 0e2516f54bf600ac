package dev.rustmaven.link;

import java.util.List;

/**
 * Thrown when the gcc-style command line holds options the front end does not translate. The link stops
 * instead of guessing, and the message lists every such option.
 */
public final class LinkerArgumentException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> options;

    public LinkerArgumentException(String message, List<String> options) {
        super(message);
        this.options = List.copyOf(options);
    }

    /** The offending options, in command-line order. */
    public List<String> options() {
        return options;
    }
}
