package dev.rustmaven.libtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LibtestOutputTest {

    /** What a libtest binary of Rust 1.96 printed for three tests, one of them failing. */
    static final List<String> FAILING_RUN = List.of(
            "",
            "running 4 tests",
            "test tests::adds ... ok",
            "test tests::needs_a_pi ... ignored, needs real hardware",
            "test tests::panics_on_zero - should panic ... ok",
            "test tests::wrong_sum ... FAILED",
            "",
            "failures:",
            "",
            "---- tests::wrong_sum stdout ----",
            "computing 2 + 2",
            "",
            "thread 'tests::wrong_sum' (4711) panicked at src/lib.rs:30:9:",
            "assertion `left == right` failed: sum",
            "  left: 4",
            " right: 5",
            "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
            "",
            "",
            "failures:",
            "    tests::wrong_sum",
            "",
            "test result: FAILED. 2 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.25s",
            "");

    static TestSuiteResult parse(List<String> lines, int exit) {
        LibtestOutput output = new LibtestOutput();
        lines.forEach(output::accept);
        return output.result("suite", exit, 9.0);
    }

    @Test
    @DisplayName("statuses, the panic message and the captured output of a failed test are read")
    void failingRun() {
        // when
        TestSuiteResult suite = parse(FAILING_RUN, 101);

        // then
        assertThat(suite.cases())
                .extracting(TestCaseResult::name, TestCaseResult::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("tests::adds", TestCaseResult.Status.PASSED),
                        org.assertj.core.groups.Tuple.tuple("tests::needs_a_pi", TestCaseResult.Status.IGNORED),
                        org.assertj.core.groups.Tuple.tuple("tests::panics_on_zero", TestCaseResult.Status.PASSED),
                        org.assertj.core.groups.Tuple.tuple("tests::wrong_sum", TestCaseResult.Status.FAILED));
        TestCaseResult failed = suite.cases().get(3);
        assertThat(failed.message()).contains("assertion `left == right` failed: sum\n  left: 4\n right: 5");
        assertThat(failed.output().orElseThrow())
                .startsWith("computing 2 + 2")
                .contains("panicked at src/lib.rs:30:9:")
                .endsWith("display a backtrace");
        assertThat(suite.failedNames()).containsExactly("tests::wrong_sum");
        assertThat(suite.seconds()).isEqualTo(0.25);
        assertThat(suite.crash()).isEmpty();
        assertThat(suite.successful()).isFalse();
    }

    @Test
    @DisplayName("started: libtest's 'running' line was seen, not when nothing ran (no doc tests)")
    void started() {
        LibtestOutput nothing = new LibtestOutput();
        nothing.accept("warning: doc tests are not supported for crate type(s) `cdylib` in package `x`");
        LibtestOutput some = new LibtestOutput();
        some.accept("running 1 test");

        assertThat(nothing.started()).isFalse();
        assertThat(some.started()).isTrue();
    }

    @Test
    @DisplayName("a passing run is successful and has no failure output")
    void passingRun() {
        TestSuiteResult suite = parse(
                List.of(
                        "running 1 test",
                        "test it_works ... ok",
                        "",
                        "test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s"),
                0);

        assertThat(suite.successful()).isTrue();
        assertThat(suite.count(TestCaseResult.Status.PASSED)).isEqualTo(1);
        assertThat(suite.cases().get(0).output()).isEmpty();
    }

    @Test
    @DisplayName("a binary that dies before the result line (e.g. SIGILL under qemu) is a crash")
    void crash() {
        TestSuiteResult suite = parse(List.of("running 2 tests", "test a ... ok"), 132);

        assertThat(suite.crash()).hasValueSatisfying(c -> assertThat(c).contains("exit code 132"));
        assertThat(suite.seconds()).isEqualTo(9.0);
        assertThat(suite.successful()).isFalse();
    }

    @Test
    @DisplayName("a non-zero exit without a failed test is a crash too")
    void exitWithoutFailure() {
        TestSuiteResult suite = parse(
                List.of(
                        "running 0 tests",
                        "",
                        "test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s"),
                1);

        assertThat(suite.crash()).hasValueSatisfying(c -> assertThat(c).contains("code 1 but no test failed"));
    }
}
