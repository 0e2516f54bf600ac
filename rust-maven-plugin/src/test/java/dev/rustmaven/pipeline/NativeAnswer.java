package dev.rustmaven.pipeline;

/** The Java side of the JNI library that {@link RustBuildTest} links with LLD and loads. */
final class NativeAnswer {

    private NativeAnswer() {}

    /** Sums {@code 1..n} on several Rust threads and returns the sum's decimal digits as a count. */
    static native int digitsOfSum(int n);
}
