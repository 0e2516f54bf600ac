package dev.rustmaven.cargo;

/** The crate's Cargo.toml is missing, unreadable or wrong; the message names the file and what to do. */
public class CargoException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Whether the project's files are at fault, or reading them failed. */
    public enum Kind {
        /** Cargo.toml is missing or says something that cannot be built. */
        MANIFEST,
        /** A file could not be read. */
        IO
    }

    private final Kind kind;

    public CargoException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    static CargoException manifest(String message) {
        return new CargoException(Kind.MANIFEST, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
