package dev.rustmaven.examples.hello;

/** The Java face of the Rust library in src/main/rust. */
public final class Hello {

    /** System property naming the native library file to load instead of the one on java.library.path. */
    public static final String LIBRARY_PROPERTY = "jni-hello.library";

    static {
        String file = System.getProperty(LIBRARY_PROPERTY);
        if (file != null) {
            System.load(new java.io.File(file).getAbsolutePath());
        } else {
            System.loadLibrary("jni_hello");
        }
    }

    private Hello() {}

    /** Adds two numbers in Rust (wrapping on overflow). */
    public static native int add(int a, int b);

    /** The 64-bit FNV-1a hash of {@code data}, computed in Rust. */
    public static native long checksum(byte[] data);

    /** A greeting from Rust naming the architecture it runs on. */
    public static native String greet(String name);
}
