package dev.rustmaven.it;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * For tests that need something from the machine (cargo, the test bench): without it they are
 * skipped with a loud message on a developer's machine, and fail on CI ({@code CI=true}), where a
 * skip would hide that the test never ran.
 */
public final class Required {

    private Required() {}

    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (or on CI fails) the calling test unless {@code present}. */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        String message = "NOT RUN: this test needs " + what;
        System.err.println("*** " + message);
        if (onCi()) {
            Assertions.fail(message + " (CI=true: a missing prerequisite is a failure)");
        }
        Assumptions.abort(message);
    }
}
