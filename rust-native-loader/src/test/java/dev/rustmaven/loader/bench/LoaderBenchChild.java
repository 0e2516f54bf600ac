package dev.rustmaven.loader.bench;

import dev.rustmaven.loader.LoadedLibrary;
import dev.rustmaven.loader.NativeLoader;

/**
 * What {@link LoaderBench} runs in each fresh JVM: one load, timed with {@link System#nanoTime()}.
 * Arguments: {@code plain <absolute file>} ({@code System.load}), {@code oneclass <absolute file>} ({@link
 * OneClassLoader#load}), {@code checked <absolute file>} ({@link CheckedOneClassLoader#load}) or {@code loader <name>} ({@code NativeLoader.load}), then optionally {@code markers}. Prints the nanoseconds of the call,
 * then the loaded file.
 *
 * <p>Written so that it loads nothing of its own beyond the call measured: no lambdas, no string
 * concatenation (compiled for Java 17, that is invokedynamic), no formatting. With {@code markers}
 * it prints a line before and after the call, so that a {@code -verbose:class} log can be cut at
 * them.
 */
public final class LoaderBenchChild {

    /** Printed just before the call in {@code markers} mode. */
    static final String BEGIN = "loader-bench: begin";

    /** Printed just after the call in {@code markers} mode. */
    static final String END = "loader-bench: end";

    private LoaderBenchChild() {}

    public static void main(String[] args) throws Exception {
        boolean plain = args[0].equals("plain");
        boolean oneClass = args[0].equals("oneclass");
        boolean checked = args[0].equals("checked");
        boolean markers = args.length > 2 && args[2].equals("markers");
        if (markers) {
            System.out.println(BEGIN);
        }
        long start = System.nanoTime();
        LoadedLibrary loaded = null;
        if (plain) {
            System.load(args[1]);
        } else if (oneClass) {
            OneClassLoader.load(args[1]);
        } else if (checked) {
            CheckedOneClassLoader.load(args[1]);
        } else {
            loaded = NativeLoader.load(args[1]);
        }
        long elapsed = System.nanoTime() - start;
        if (markers) {
            System.out.println(END);
        }
        System.out.println(elapsed);
        System.out.println(
                plain || oneClass || checked ? args[1] : loaded.file().toString());
    }
}
