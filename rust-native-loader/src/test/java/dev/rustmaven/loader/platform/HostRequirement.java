package dev.rustmaven.loader.platform;

import org.junit.jupiter.api.Assumptions;

/** Skips a test loudly when this machine lacks something, and fails it instead on CI (CI=true). */
public final class HostRequirement {

    private HostRequirement() {}

    public static void require(boolean available, String what) {
        if (available) {
            return;
        }
        String message = "SKIPPED LOUDLY: " + what;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + " (CI=true, so this is a failure)");
        }
        System.err.println(message);
        Assumptions.assumeTrue(false, message);
    }

    /** True on a Linux x86_64 glibc machine like the project's build hosts. */
    public static boolean linuxX8664() {
        return System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").equals("amd64");
    }
}
