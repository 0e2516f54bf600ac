package dev.rustmaven.examples.hello;

/** Calls each native method once and prints what Rust returned. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        byte[] data = new byte[100];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i + 1);
        }
        System.out.println("add(2, 40) = " + Hello.add(2, 40));
        System.out.println("checksum(1..100) = " + Long.toHexString(Hello.checksum(data)));
        System.out.println(Hello.greet(args.length > 0 ? args[0] : "Pi"));
    }
}
