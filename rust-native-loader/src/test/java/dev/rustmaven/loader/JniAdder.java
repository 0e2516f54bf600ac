package dev.rustmaven.loader;

import java.nio.file.Path;

/** The Java side of the tiny Rust JNI library that {@link EndToEndTest} builds. */
public final class JniAdder {

    private JniAdder() {}

    /** Implemented in Rust as {@code Java_dev_rustmaven_loader_JniAdder_add}. */
    public static native int add(int a, int b);

    /** Loads through {@code System::load} written here, so the library binds to this class's own loader. */
    public static LoadedLibrary loadBoundHere(ClassLoader resources, Path cache) {
        return NativeLoader.load(
                "adder",
                LoadOptions.builder()
                        .classLoader(resources)
                        .cacheDirectory(cache)
                        .linker(System::load)
                        .build());
    }
}
