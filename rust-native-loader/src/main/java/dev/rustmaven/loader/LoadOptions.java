package dev.rustmaven.loader;

import dev.rustmaven.loader.platform.Host;
import dev.rustmaven.loader.platform.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * How {@link NativeLoader} looks for and loads a library. Anything not set here falls back to the
 * {@code dev.rustmaven.loader.*} system properties, then to the defaults described in the README.
 *
 * <pre>{@code
 * NativeLoader.load("mylib", LoadOptions.builder()
 *         .classLoader(MyClass.class.getClassLoader())
 *         .linker(System::load)   // binds the library to MyClass's class loader
 *         .build());
 * }</pre>
 */
public final class LoadOptions {

    private final ClassLoader classLoader;
    private final List<String> triples;
    private final Path cacheDirectory;
    private final Boolean extract;
    private final Boolean javaLibraryPathFallback;
    private final Boolean explain;
    private final Boolean verifyAlways;
    private final Consumer<String> linker;
    private final Platform platform;
    private final Host host;

    private LoadOptions(Builder b) {
        this.classLoader = b.classLoader;
        this.triples = b.triples == null ? null : Collections.unmodifiableList(new ArrayList<>(b.triples));
        this.cacheDirectory = b.cacheDirectory;
        this.extract = b.extract;
        this.javaLibraryPathFallback = b.javaLibraryPathFallback;
        this.explain = b.explain;
        this.verifyAlways = b.verifyAlways;
        this.linker = b.linker;
        this.platform = b.platform;
        this.host = b.host;
    }

    /** Everything from system properties and defaults. */
    public static LoadOptions defaults() {
        return builder().build();
    }

    /** A builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** True when nothing is set: every choice comes from system properties and defaults. */
    boolean isDefault() {
        return classLoader == null
                && triples == null
                && cacheDirectory == null
                && extract == null
                && javaLibraryPathFallback == null
                && explain == null
                && verifyAlways == null
                && linker == null
                && platform == null
                && host == null;
    }

    Boolean verifyAlways() {
        return verifyAlways;
    }

    ClassLoader classLoader() {
        return classLoader;
    }

    List<String> triples() {
        return triples;
    }

    Path cacheDirectory() {
        return cacheDirectory;
    }

    Boolean extract() {
        return extract;
    }

    Boolean javaLibraryPathFallback() {
        return javaLibraryPathFallback;
    }

    Boolean explain() {
        return explain;
    }

    Consumer<String> linker() {
        return linker;
    }

    Platform platform() {
        return platform;
    }

    Host host() {
        return host;
    }

    /** Builds {@link LoadOptions}. */
    public static final class Builder {
        private ClassLoader classLoader;
        private List<String> triples;
        private Path cacheDirectory;
        private Boolean extract;
        private Boolean javaLibraryPathFallback;
        private Boolean explain;
        private Boolean verifyAlways;
        private Consumer<String> linker;
        private Platform platform;
        private Host host;

        private Builder() {}

        /**
         * Where to find {@code META-INF/native/...} resources. Default: the loader of rust-native-loader
         * itself, then the thread's context class loader. Also the key under which a loaded library is
         * remembered.
         */
        public Builder classLoader(ClassLoader value) {
            this.classLoader = value;
            return this;
        }

        /**
         * The triples to try, in order, instead of the detected ones (system property
         * {@code dev.rustmaven.loader.triples}, comma separated).
         */
        public Builder triples(List<String> value) {
            this.triples = value;
            return this;
        }

        /**
         * A cache directory to try before the default ones (system property
         * {@code dev.rustmaven.loader.cacheDir}).
         */
        public Builder cacheDirectory(Path value) {
            this.cacheDirectory = value;
            return this;
        }

        /**
         * Whether class path libraries may be copied to a cache directory (default true; system property
         * {@code dev.rustmaven.loader.extract}). Without extraction only libraries that already are
         * plain files (an exploded class path directory) can be loaded from the class path.
         */
        public Builder extract(boolean value) {
            this.extract = value;
            return this;
        }

        /**
         * Whether to end with {@code java.library.path} (default true; system property
         * {@code dev.rustmaven.loader.javaLibraryPath}).
         */
        public Builder javaLibraryPathFallback(boolean value) {
            this.javaLibraryPathFallback = value;
            return this;
        }

        /**
         * Whether to print, to standard error, every candidate considered and why it was taken or
         * skipped, after each load that succeeds or fails (default false; system property
         * {@code dev.rustmaven.loader.explain}). The text is also {@link LoadedLibrary#explanation()}.
         */
        public Builder explain(boolean value) {
            this.explain = value;
            return this;
        }

        /**
         * Whether to hash the cached copy of a class path library on every load (default false; system
         * property {@code dev.rustmaven.loader.verify=always}). By default a copy that the loader wrote and
         * sealed (flushed to disk, read-only, in the user's private cache directory) is trusted by its
         * size; it is hashed when it was first written, whenever anything about it differs, and when it
         * fails to load. With this option a damaged copy of the right size is found before it is loaded,
         * at the price of reading the whole library on every start.
         */
        public Builder verifyAlways(boolean value) {
            this.verifyAlways = value;
            return this;
        }

        /**
         * Performs the actual load of an absolute path. Default: {@code System.load} called from
         * rust-native-loader, which binds the library to rust-native-loader's class loader. If the
         * classes declaring the {@code native} methods live in another class loader (application
         * servers, plugin systems), pass {@code System::load} from your own code: the JVM then binds
         * the library to your class's loader, where JNI looks for it.
         */
        public Builder linker(Consumer<String> value) {
            this.linker = value;
            return this;
        }

        /** Use these platform facts instead of detecting them. */
        public Builder platform(Platform value) {
            this.platform = value;
            return this;
        }

        /** Tests feed properties and /proc files through this. */
        Builder host(Host value) {
            this.host = value;
            return this;
        }

        public LoadOptions build() {
            return new LoadOptions(this);
        }
    }
}
