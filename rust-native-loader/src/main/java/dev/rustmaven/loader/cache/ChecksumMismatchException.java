package dev.rustmaven.loader.cache;

import java.io.IOException;

/** The bytes of a library do not have the sha256 they were published with. */
public final class ChecksumMismatchException extends IOException {

    private static final long serialVersionUID = 1L;

    /** With the expected and actual hex digests in the message. */
    public ChecksumMismatchException(String what, String expected, String actual) {
        super(what + " has sha256 " + actual + " but " + expected + " was expected");
    }
}
