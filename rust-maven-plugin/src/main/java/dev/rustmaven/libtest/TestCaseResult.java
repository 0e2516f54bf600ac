package dev.rustmaven.libtest;

import java.util.Optional;

/**
 * One test as libtest reported it.
 *
 * @param name the test's path as libtest prints it ({@code tests::adds})
 * @param status how it ended
 * @param message for a failed test, the panic message, if libtest's output held one
 * @param output for a failed test, what it printed (libtest shows a failed test's captured output)
 */
public record TestCaseResult(String name, Status status, Optional<String> message, Optional<String> output) {

    /** How a test ended. */
    public enum Status {
        PASSED,
        FAILED,
        IGNORED
    }
}
