package dev.rustmaven.examples.hello;

import dev.rustmaven.loader.NativeLoader;

/**
 * The Java face of the Rust library in src/main/rust. The native library comes from the class path:
 * the per-target jars (classifier = Rust target triple) or, with rust.bundle, this jar itself.
 */
public final class Hello {

    static {
        NativeLoader.load("jni_hello");
    }

    private Hello() {}

    /** Adds two numbers in Rust (wrapping on overflow). */
    public static native int add(int a, int b);

    /** The 64-bit FNV-1a hash of {@code data}, computed in Rust. */
    public static native long checksum(byte[] data);

    /** A greeting from Rust naming the architecture it runs on. */
    public static native String greet(String name);
}
