package dev.rustmaven.pipeline;

import dev.rustmaven.log.BuildLog;

/**
 * Puts what one cargo run prints into the build log, each line prefixed with the target, at a level chosen by how
 * it starts ({@code error}, {@code warning}, else info), without flooding the log: after {@link #SHOWN_LINES}
 * lines only lines starting with {@code error} are still shown, the rest go to the debug log, and the end of the
 * run says how much was left out. With the debug log on, every line is shown.
 */
final class CargoOutputLog {

    /** How many lines of one cargo run are shown before only errors are. */
    static final int SHOWN_LINES = 5000;

    private final BuildLog log;
    private final String prefix;
    private final boolean everything;
    private long shown;
    private long hidden;
    private long hiddenChars;

    CargoOutputLog(BuildLog log, String prefix) {
        this.log = log;
        this.prefix = prefix;
        this.everything = log.isDebugEnabled();
    }

    /** A line of standard error: errors, warnings and cargo's progress. */
    synchronized void stderr(String line) {
        if (line.startsWith("error")) {
            log.error(prefix + line);
            shown++;
        } else if (visible()) {
            if (line.startsWith("warning")) {
                log.warn(prefix + line);
            } else {
                log.info(prefix + line);
            }
        }
        hideOrCount(line);
    }

    /** A line of standard output that is not one of cargo's JSON messages. */
    synchronized void stdout(String line) {
        if (visible()) {
            log.info(prefix + line);
        }
        hideOrCount(line);
    }

    /** Says how many lines were left out of the log, if any. */
    synchronized void finish() {
        if (hidden > 0) {
            log.warn(prefix + hidden + " more lines (" + hiddenChars + " characters) of cargo's output were left"
                    + " out of the log after the first " + SHOWN_LINES + " lines; only lines starting with 'error'"
                    + " were still shown. The debug log has every line.");
        }
    }

    private boolean visible() {
        return everything || shown < SHOWN_LINES;
    }

    private void hideOrCount(String line) {
        if (line.startsWith("error")) {
            return;
        }
        if (visible()) {
            shown++;
        } else {
            hidden++;
            hiddenChars += line.length();
            log.debug(prefix + line);
        }
    }
}
