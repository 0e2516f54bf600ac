package dev.rustmaven.loader.platform;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
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

    /** The user "nobody", to own files "planted by another user"; only root can give files away. */
    public static UserPrincipal anotherUser() throws IOException {
        Path probe = Files.createTempFile("owner", ".probe");
        String me;
        try {
            me = Files.getOwner(probe).getName();
        } finally {
            Files.delete(probe);
        }
        require(me.equals("root"), "files owned by another user can only be made by root; running as " + me);
        return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    }
}
