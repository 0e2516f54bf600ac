package dev.rustmaven.log;

import java.util.regex.Pattern;

/**
 * A {@link BuildLog} that hands on plain text only: terminal escape sequences (colours, cursor movement) and other
 * control characters in what tools printed are removed, so that no log, file or CI page shows them raw.
 */
public final class PlainTextLog implements BuildLog {

    /** CSI sequences ({@code ESC [ ... m}), OSC sequences ({@code ESC ] ... BEL}), other ESC pairs, controls. */
    private static final Pattern CONTROL = Pattern.compile("\\x1b\\[[0-?]*[ -/]*[@-~]"
            + "|\\x1b\\][^\\x07\\x1b]*(?:\\x07|\\x1b\\\\)?"
            + "|\\x1b.?"
            + "|[\\x00-\\x08\\x0b-\\x1f\\x7f\\x9b]");

    private final BuildLog log;

    private PlainTextLog(BuildLog log) {
        this.log = log;
    }

    /** {@code log}, handed plain text only. */
    public static BuildLog of(BuildLog log) {
        return log instanceof PlainTextLog ? log : new PlainTextLog(log);
    }

    /** {@code text} without escape sequences and control characters (tabs and line breaks stay). */
    public static String plain(String text) {
        return text.chars().noneMatch(PlainTextLog::isControl)
                ? text
                : CONTROL.matcher(text).replaceAll("");
    }

    private static boolean isControl(int c) {
        return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f || c == 0x9b;
    }

    @Override
    public void debug(String message) {
        log.debug(plain(message));
    }

    @Override
    public void info(String message) {
        log.info(plain(message));
    }

    @Override
    public void warn(String message) {
        log.warn(plain(message));
    }

    @Override
    public void error(String message) {
        log.error(plain(message));
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }
}
