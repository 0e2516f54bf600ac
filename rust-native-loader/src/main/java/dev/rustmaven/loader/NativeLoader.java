package dev.rustmaven.loader;

import dev.rustmaven.loader.cache.StartRecord;
import dev.rustmaven.loader.cache.StartRecordWriter;
import dev.rustmaven.loader.platform.Host;
import dev.rustmaven.loader.platform.Platform;
import dev.rustmaven.loader.platform.PlatformDetector;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
        // not LoadOptions.defaults(): a start that finds its record loads no class it does not need
        return load(name, NativeLoader.class.getClassLoader(), null);
    }

    /** Like {@link #load(String)}, looking for the resources in the given class loader. */
    public static LoadedLibrary load(String name, ClassLoader classLoader) {
        return load(name, LoadOptions.builder().classLoader(classLoader).build());
    }

    /** Loads with explicit options. */
    public static LoadedLibrary load(String name, LoadOptions options) {
        ClassLoader key = options.classLoader() != null ? options.classLoader() : NativeLoader.class.getClassLoader();
        return load(name, key, options.isDefault() ? null : options);
    }

    /**
     * @param key the class loader the resources are looked up in, which the result is kept for
     * @param options the options, or null for the defaults
     */
    private static LoadedLibrary load(String name, ClassLoader key, LoadOptions options) {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException(
                    "library name must be a plain name such as \"mylib\" (for libmylib.so), not '" + name + "'");
        }
        // not computeIfAbsent with a lambda: the first lambda of a JVM bootstraps java.lang.invoke
        Object lock = StartRecord.monitor(LOCKS, name);
        synchronized (lock) {
            LoadedLibrary previous = loaded(key, name);
            if (previous != null) {
                return previous;
            }
            StartRecord record = options == null && recordable(key) ? startRecord() : null;
            LoadedLibrary result = record == null ? null : remembered(record, name);
            if (result == null) {
                LoadOptions chosen = options != null ? options : LoadOptions.defaults();
                Host host = chosen.host() != null ? chosen.host() : Host.system();
                Platform platform = chosen.platform() != null
                        ? chosen.platform()
                        : chosen.host() != null ? new PlatformDetector(host).detect() : platform();
                result = new LoaderEngine(host, platform, chosen).load(name);
                if (record != null && result.source() == LoadedLibrary.Source.CLASS_PATH) {
                    record(record, result);
                }
            }
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

    /**
     * Whether a load with default options may use and write a {@link StartRecord}: no {@code
     * dev.rustmaven.loader.*} system property (each one changes a choice, and {@code
     * dev.rustmaven.loader.startRecord=false} is the documented way to turn records off), the loader in the
     * system class loader and no other context class loader, so that the class path is {@code java.class.path}.
     */
    private static boolean recordable(ClassLoader key) {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (key != system || context != null && context != system) {
            return false;
        }
        try {
            for (Object property : System.getProperties().keySet()) {
                if (property instanceof String && ((String) property).startsWith(PROPERTY_PREFIX)) {
                    return false;
                }
            }
        } catch (RuntimeException e) {
            // a SecurityException; or on Java 8, whose Properties is a Hashtable, a ConcurrentModificationException
            // when another thread sets a property meanwhile
            return false;
        }
        return true;
    }

    /** This process's record key, or null: a record is a shortcut, and nothing going wrong in it fails a load. */
    private static StartRecord startRecord() {
        try {
            return StartRecord.ofThisProcess();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The library an earlier start recorded, loaded; null if there is no usable record or the copy fails to load. */
    private static LoadedLibrary remembered(StartRecord key, String name) {
        List<Path> roots;
        try {
            roots = StartRecord.roots();
        } catch (RuntimeException e) {
            return null;
        }
        for (Path root : roots) {
            StartRecord r;
            try {
                r = key.read(root, name);
            } catch (RuntimeException e) {
                // a SecurityException of a stat, say: the full way decides and explains
                r = null;
            }
            if (r == null) {
                continue;
            }
            // Linux's name (records are written on Linux only; TargetTriples.libraryFileName, without loading it)
            if (!r.copy().getFileName().toString().equals("lib" + name + ".so")
                    || !r.triple().contains("-linux")) {
                // not what the full way would look for: a damaged record
                return null;
            }
            try {
                // here, not through Linker, which is one more class to load: binds the library to the loader's
                // class loader all the same
                System.load(r.copy().toString());
            } catch (RuntimeException e) {
                // The full way loads the same copy after checking it again, and repairs it if it is damaged.
                return null;
            } catch (Error e) {
                // UnsatisfiedLinkError, as above. Named in an instanceof, not in the catch: the JVM loads a caught
                // type to verify this class, on every start, and this one is not in the JDK's shared archive.
                if (e instanceof UnsatisfiedLinkError) {
                    return null;
                }
                throw e;
            }
            // from the class path by way of the cache, which the result says without naming Source (one class less)
            LoadedLibrary loaded = LoadedLibrary.fromClassPath(name, r.copy(), r.triple());
            return loaded.explained("Loaded " + loaded + " as recorded by an earlier start in " + r.record()
                    + ": the JVM, the boot, the C library and every jar of the class path are those of that start,"
                    + " and the copy is still sealed and of its size. That start's explanation:\n"
                    + r.explanation());
        }
        return null;
    }

    /** Records a load from the class path for the next start (best effort: the library is loaded already). */
    private static void record(StartRecord record, LoadedLibrary result) {
        try {
            writeRecord(record, result);
        } catch (RuntimeException e) {
            // no record: the next start takes the full way
        }
    }

    private static void writeRecord(StartRecord record, LoadedLibrary result) {
        Path copy = result.file();
        String triple = result.triple();
        if (copy == null || triple == null) {
            return;
        }
        String fileName = copy.getFileName().toString();
        ResourceLookup resources = ResourceLookup.of(null);
        String library = NativeResources.libraryPath(triple, fileName);
        URL libraryUrl = resources.find(library);
        URL propertiesUrl = resources.find(NativeResources.propertiesPath(triple, fileName));
        if (libraryUrl == null || propertiesUrl == null) {
            return;
        }
        List<URL> sources = new ArrayList<>();
        sources.add(libraryUrl);
        sources.add(propertiesUrl);
        StartRecordWriter.write(record, result.name(), triple, copy, sources, result.explanation());
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
