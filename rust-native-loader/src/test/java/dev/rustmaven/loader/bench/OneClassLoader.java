package dev.rustmaven.loader.bench;

/**
 * What {@link LoaderBench}'s {@code oneclass} mode calls: {@code System.load} from a class that is alone in a jar
 * of its own, after the application's jar on the class path, as a loader's jar is. The least any loader shipped as
 * a jar of its own adds to a plain {@code System.load}: the JVM opens one more jar and loads one more class.
 */
public final class OneClassLoader {

    private OneClassLoader() {}

    /** Loads the file. */
    public static void load(String file) {
        System.load(file);
    }
}
