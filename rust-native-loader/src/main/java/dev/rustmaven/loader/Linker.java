package dev.rustmaven.loader;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Hands a file to the JVM's linker and turns its refusal into a reason for the report. */
final class Linker {

    /** The linker chosen in {@link LoadOptions}, or null for {@code System.load} called here. */
    private final Consumer<String> chosen;

    /**
     * @param chosen the linker of {@link LoadOptions}, or null for {@code System.load}, which binds
     *     the library to this class's class loader (the loader's own)
     */
    Linker(Consumer<String> chosen) {
        // Not System::load as a default: a method reference bootstraps java.lang.invoke on first use.
        this.chosen = chosen;
    }

    /** Loads the file; returns null on success, else the JVM's reason. */
    String tryLoad(Path file) {
        try {
            if (chosen != null) {
                chosen.accept(file.toString());
            } else {
                System.load(file.toString());
            }
            return null;
        } catch (UnsatisfiedLinkError e) {
            return e.getMessage();
        } catch (SecurityException e) {
            return "not permitted: " + e.getMessage();
        }
    }
}
