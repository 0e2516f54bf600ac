package dev.rustmaven.loader.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start record's line format: what {@code line} writes, {@code parse} reads back exactly. */
class StartRecordFormatTest {

    @Test
    void valuesWithBackslashesLineBreaksEqualsSignsAndNonAsciiReadBackExactly() {
        // given
        String odd = "a\\b\nc\r\nd=e #f \\n é ✓";
        StringBuilder text = new StringBuilder("# a comment\n");
        StartRecord.line(text, "odd", odd);
        StartRecord.line(text, "empty", "");
        StartRecord.line(text, "path", "/tmp/x y/app.jar 1371:1796076250374");

        // when
        Map<String, String> values = StartRecord.parse(text.toString());

        // then
        assertThat(values).containsOnlyKeys("odd", "empty", "path");
        assertThat(values.get("odd")).isEqualTo(odd);
        assertThat(values.get("empty")).isEmpty();
        assertThat(values.get("path")).isEqualTo("/tmp/x y/app.jar 1371:1796076250374");
        assertThat(text.toString().split("\n")).hasSize(4);
    }

    @Test
    void aLineWithoutEqualsSignOrWithAnUnknownEscapeMakesTheRecordDamaged() {
        assertThat(StartRecord.parse("name=value\nno equals sign\n")).isNull();
        assertThat(StartRecord.parse("name=a\\tb\n")).isNull();
        assertThat(StartRecord.parse("name=ends with a backslash\\")).isNull();
        assertThat(StartRecord.parse("")).isEmpty();
    }
}
