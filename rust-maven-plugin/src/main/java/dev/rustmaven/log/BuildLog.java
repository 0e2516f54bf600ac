package dev.rustmaven.log;

/**
 * Where the Maven-free core reports progress and problems. The plugin adapts Maven's log to it; tests
 * use the test sources' {@code RecordingLog}.
 */
public interface BuildLog {

    void debug(String message);

    void info(String message);

    void warn(String message);

    void error(String message);

    boolean isDebugEnabled();

    /** A log that drops everything; for callers that have nothing to say to a user. */
    BuildLog SILENT = new BuildLog() {
        @Override
        public void debug(String message) {}

        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void error(String message) {}

        @Override
        public boolean isDebugEnabled() {
            return false;
        }
    };
}
