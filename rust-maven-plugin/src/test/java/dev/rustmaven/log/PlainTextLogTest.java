package dev.rustmaven.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextLogTest {

    @Test
    void coloursCursorMovesTitlesAndCarriageReturnsAreRemovedTabsKept() {
        RecordingLog recorded = new RecordingLog();
        BuildLog log = PlainTextLog.of(recorded);

        log.info("\u001b[1m\u001b[32m   Compiling\u001b[0m hello v0.1.0");
        log.warn("\u001b]0;title\u0007warning:\tunused");
        log.error("\u001b[2K\rerror: \u001b(Bboom\u001b");
        log.debug("plain");

        assertThat(recorded.lines())
                .extracting(RecordingLog.Line::toString)
                .containsExactly(
                        "[INFO]    Compiling hello v0.1.0",
                        "[WARN] warning:\tunused",
                        "[ERROR] error: Bboom",
                        "[DEBUG] plain");
        assertThat(PlainTextLog.of(log)).isSameAs(log);
    }
}
