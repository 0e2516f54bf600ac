package dev.rustmaven.libtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the standard output of a libtest test binary line by line, in its stable human format (the
 * {@code --format json} of libtest is unstable): {@code test <name> ... ok|FAILED|ignored}, the
 * {@code failures:} section with one {@code ---- <name> stdout ----} block per failed test, and the
 * {@code test result:} line.
 */
public final class LibtestOutput {

    private static final Pattern TEST_LINE = Pattern.compile("^test (.+?) \\.\\.\\. (ok|FAILED|ignored)(, .*)?$");
    private static final Pattern OUTPUT_HEADER = Pattern.compile("^---- (.+?) std(out|err) ----$");
    private static final Pattern RESULT_LINE =
            Pattern.compile("^test result: (ok|FAILED)\\. .*?(?:finished in ([0-9.]+)s)?$");
    private static final Pattern PANIC_LINE = Pattern.compile("^thread '.*?'(?: \\(\\d+\\))? panicked at .*$");
    private static final Pattern RUNNING_LINE = Pattern.compile("^running \\d+ tests?$");
    private static final String SHOULD_PANIC = " - should panic";

    private final Map<String, TestCaseResult.Status> statuses = new LinkedHashMap<>();
    private final Map<String, List<String>> outputs = new LinkedHashMap<>();
    private List<String> currentOutput;
    private boolean started;
    private boolean finished;
    private Optional<Double> seconds = Optional.empty();

    /** Takes the next line of the test binary's standard output. */
    public synchronized void accept(String line) {
        Matcher result = RESULT_LINE.matcher(line);
        if (result.matches()) {
            started = true;
            finished = true;
            currentOutput = null;
            if (result.group(2) != null) {
                seconds = Optional.of(Double.parseDouble(result.group(2)));
            }
            return;
        }
        Matcher header = OUTPUT_HEADER.matcher(line);
        if (header.matches()) {
            currentOutput = outputs.computeIfAbsent(testName(header.group(1)), n -> new ArrayList<>());
            return;
        }
        if (currentOutput != null) {
            // The list of failed names that follows the output blocks ends them.
            if (line.equals("failures:")) {
                currentOutput = null;
            } else {
                currentOutput.add(line);
            }
            return;
        }
        if (RUNNING_LINE.matcher(line).matches()) {
            started = true;
            return;
        }
        Matcher test = TEST_LINE.matcher(line);
        if (test.matches()) {
            statuses.put(
                    testName(test.group(1)),
                    switch (test.group(2)) {
                        case "ok" -> TestCaseResult.Status.PASSED;
                        case "FAILED" -> TestCaseResult.Status.FAILED;
                        default -> TestCaseResult.Status.IGNORED;
                    });
        }
    }

    /** Whether libtest started ({@code running <n> tests}): cargo prints nothing for a crate without doc tests. */
    public synchronized boolean started() {
        return started;
    }

    /**
     * What the run reported.
     *
     * @param name the suite's name
     * @param exitCode the test binary's exit code
     * @param measuredSeconds the run's time as the caller measured it, used when libtest printed none
     */
    public synchronized TestSuiteResult result(String name, int exitCode, double measuredSeconds) {
        List<TestCaseResult> cases = new ArrayList<>();
        statuses.forEach((test, status) -> {
            Optional<String> output = Optional.empty();
            Optional<String> message = Optional.empty();
            if (status == TestCaseResult.Status.FAILED) {
                List<String> lines = trimBlankEnds(outputs.getOrDefault(test, List.of()));
                if (!lines.isEmpty()) {
                    output = Optional.of(String.join("\n", lines));
                }
                message = panicMessage(lines);
            }
            cases.add(new TestCaseResult(test, status, message, output));
        });
        Optional<String> crash = Optional.empty();
        if (!finished) {
            crash = Optional.of("the test binary ended (exit code " + exitCode + ") before libtest reported a result");
        } else if (exitCode != 0 && cases.stream().noneMatch(c -> c.status() == TestCaseResult.Status.FAILED)) {
            crash = Optional.of("the test binary exited with code " + exitCode + " but no test failed");
        }
        return new TestSuiteResult(name, cases, seconds.orElse(measuredSeconds), crash);
    }

    private static String testName(String printed) {
        return printed.endsWith(SHOULD_PANIC)
                ? printed.substring(0, printed.length() - SHOULD_PANIC.length())
                : printed;
    }

    /** The lines after {@code thread '...' panicked at <place>:} up to libtest's {@code note:}. */
    private static Optional<String> panicMessage(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (PANIC_LINE.matcher(lines.get(i)).matches()) {
                List<String> message = new ArrayList<>();
                for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("note: "); j++) {
                    message.add(lines.get(j));
                }
                message = trimBlankEnds(message);
                return message.isEmpty() ? Optional.of(lines.get(i)) : Optional.of(String.join("\n", message));
            }
        }
        return Optional.empty();
    }

    private static List<String> trimBlankEnds(List<String> lines) {
        int from = 0;
        int to = lines.size();
        while (from < to && lines.get(from).isBlank()) {
            from++;
        }
        while (to > from && lines.get(to - 1).isBlank()) {
            to--;
        }
        return lines.subList(from, to);
    }
}
