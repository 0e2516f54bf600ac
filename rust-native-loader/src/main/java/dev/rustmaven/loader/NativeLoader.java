package dev.rustmaven.loader;

import dev.rustmaven.loader.cache.LibraryCache;
import dev.rustmaven.loader.platform.Host;
import dev.rustmaven.loader.platform.Platform;
import dev.rustmaven.loader.platform.PlatformDetector;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads a Rust native library packaged by rust-maven-plugin under
 * {@code META-INF/native/<rust target triple>/lib<name>.so} (or {@code .dylib}, {@code <name>.dll}).
 *
 * <pre>{@code
 * static { NativeLoader.load("mylib"); }
 * }</pre>
 *
 * <p>Order: the file named by {@code -Ddev.rustmaven.loader.library.<name>}; the directories of
 * {@code -Ddev.rustmaven.loader.path}; the class path, one candidate triple after the other (best
 * first), extracting to a per-user cache; {@code java.library.path}. If nothing loads, an
 * {@link UnsatisfiedLinkError} lists the detected platform and every attempt with its reason.
 *
 * <p>Thread-safe. A name that loaded once is not loaded again: the first result is returned for
 * the same name and the same resource class loader (see {@link LoadOptions.Builder#classLoader}).
 */
public final class NativeLoader {

    /** Prefix of every system property the loader reads. */
    public static final String PROPERTY_PREFIX = "dev.rustmaven.loader.";

    private static final Map<ClassLoader, Map<String, LoadedLibrary>> LOADED = new WeakHashMap<>();
    private static final ConcurrentHashMap<Object, Object> LOCKS = new ConcurrentHashMap<>();
    private static volatile Platform detected;

    private NativeLoader() {}

    /**
     * Loads {@code lib<name>.so} (or the platform's equivalent) with default options.
     *
     * @param name the library name without prefix and suffix, as in {@code System.loadLibrary}
     * @return what was loaded
     * @throws UnsatisfiedLinkError if no candidate could be loaded; the message says why
     */
    public static LoadedLibrary load(String name) {
        return load(name, LoadOptions.defaults());
    }

    /** Like {@link #load(String)}, looking for the resources in the given class loader. */
    public static LoadedLibrary load(String name, ClassLoader classLoader) {
        return load(name, LoadOptions.builder().classLoader(classLoader).build());
    }

    /** Loads with explicit options. */
    public static LoadedLibrary load(String name, LoadOptions options) {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException(
                    "library name must be a plain name such as \"mylib\" (for libmylib.so), not '" + name + "'");
        }
        ClassLoader key = options.classLoader() != null ? options.classLoader() : NativeLoader.class.getClassLoader();
        // not computeIfAbsent with a lambda: the first lambda of a JVM bootstraps java.lang.invoke
        Object lock = LibraryCache.monitor(LOCKS, name);
        synchronized (lock) {
            LoadedLibrary previous = loaded(key, name);
            if (previous != null) {
                return previous;
            }
            Host host = options.host() != null ? options.host() : Host.system();
            Platform platform = options.platform() != null
                    ? options.platform()
                    : options.host() != null ? new PlatformDetector(host).detect() : platform();
            LoadedLibrary result = new LoaderEngine(host, platform, options).load(name);
            synchronized (LOADED) {
                Map<String, LoadedLibrary> byName = LOADED.get(key);
                if (byName == null) {
                    byName = new HashMap<>();
                    LOADED.put(key, byName);
                }
                byName.put(name, result);
            }
            return result;
        }
    }

    /** The platform of the running JVM, detected once. */
    public static Platform platform() {
        Platform p = detected;
        if (p == null) {
            p = new PlatformDetector(Host.system()).detect();
            detected = p;
        }
        return p;
    }

    private static LoadedLibrary loaded(ClassLoader key, String name) {
        synchronized (LOADED) {
            Map<String, LoadedLibrary> byName = LOADED.get(key);
            return byName == null ? null : byName.get(name);
        }
    }

    /**
     * Prints the detected platform and candidate triples, then loads each library named and explains
     * the choice: {@code java -cp rust-native-loader.jar:natives.jar dev.rustmaven.loader.NativeLoader adder}.
     */
    public static void main(String[] args) {
        Platform p = platform();
        System.out.println("Platform: " + p.describe());
        for (String line : p.evidence()) {
            System.out.println("  - " + line);
        }
        System.out.println("Candidate triples, best first: " + TargetTriples.candidates(p));
        for (String name : args) {
            System.out.println(load(name).explanation());
        }
    }
}
