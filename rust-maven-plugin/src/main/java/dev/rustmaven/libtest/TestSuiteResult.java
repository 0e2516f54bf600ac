package dev.rustmaven.libtest;

import java.util.List;
import java.util.Optional;

/**
 * What one run of a test binary reported.
 *
 * @param name the suite's name in reports
 * @param cases every test libtest reported, in its order
 * @param seconds the run's time from the {@code test result:} line, else measured by the caller
 * @param crash why the binary did not finish normally (no {@code test result:} line, or a failing exit code
 *     without failed tests), if it did not
 */
public record TestSuiteResult(String name, List<TestCaseResult> cases, double seconds, Optional<String> crash) {

    public TestSuiteResult {
        cases = List.copyOf(cases);
    }

    public long count(TestCaseResult.Status status) {
        return cases.stream().filter(c -> c.status() == status).count();
    }

    /** The names of the failed tests. */
    public List<String> failedNames() {
        return cases.stream()
                .filter(c -> c.status() == TestCaseResult.Status.FAILED)
                .map(TestCaseResult::name)
                .toList();
    }

    /** Whether every test passed or was ignored and the binary finished normally. */
    public boolean successful() {
        return crash.isEmpty() && count(TestCaseResult.Status.FAILED) == 0;
    }
}
