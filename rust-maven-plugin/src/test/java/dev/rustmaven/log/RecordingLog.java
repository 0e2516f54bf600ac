package dev.rustmaven.log;

import java.util.ArrayList;
import java.util.List;

/** A {@link BuildLog} that keeps every line with its level, for tests and for replaying. */
public final class RecordingLog implements BuildLog {

    /** One logged line. */
    public record Line(String level, String message) {
        @Override
        public String toString() {
            return "[" + level + "] " + message;
        }
    }

    private final List<Line> lines = new ArrayList<>();
    private final boolean debug;

    /** A log that keeps debug lines too, as a build run with {@code -X}. */
    public RecordingLog() {
        this(true);
    }

    private RecordingLog(boolean debug) {
        this.debug = debug;
    }

    /** A log of a build without debug logging: debug lines are neither enabled nor kept. */
    public static RecordingLog withoutDebug() {
        return new RecordingLog(false);
    }

    @Override
    public synchronized void debug(String message) {
        if (debug) {
            lines.add(new Line("DEBUG", message));
        }
    }

    @Override
    public synchronized void info(String message) {
        lines.add(new Line("INFO", message));
    }

    @Override
    public synchronized void warn(String message) {
        lines.add(new Line("WARN", message));
    }

    @Override
    public synchronized void error(String message) {
        lines.add(new Line("ERROR", message));
    }

    @Override
    public boolean isDebugEnabled() {
        return debug;
    }

    /** Every line logged so far, in order. */
    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The messages logged at {@code level} (DEBUG, INFO, WARN or ERROR). */
    public synchronized List<String> messages(String level) {
        return lines.stream()
                .filter(l -> l.level().equals(level))
                .map(Line::message)
                .toList();
    }
}
