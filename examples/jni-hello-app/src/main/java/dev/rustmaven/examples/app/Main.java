package dev.rustmaven.examples.app;

import dev.rustmaven.examples.hello.Hello;
import dev.rustmaven.loader.NativeLoader;

/** An application on the Pi: calls into Rust through jni-hello and says which native build it got. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        String who = args.length > 0 ? args[0] : "Pi";
        System.out.println(Hello.greet(who));
        System.out.println("6 * 7 = " + Hello.add(6 * 7 - 1, 1));
        System.out.println("checksum(\"raspberry\") = "
                + Long.toHexString(Hello.checksum("raspberry".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        System.out.println("native library for " + NativeLoader.load("jni_hello").triple());
    }
}
