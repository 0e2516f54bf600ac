package dev.rustmaven.loader.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The start record's field format: what {@code StartRecordWriter.field} writes, {@code StartRecord.fields} reads back. */
class StartRecordFormatTest {

    private static final String HEADER = StartRecord.HEADER + "\n";

    @Test
    void valuesWithLineBreaksSpacesDigitsAndNonAsciiReadBackExactly() {
        // given
        String odd = "a\\b\nc\r\nd=e #f \\n é ✓\n7 12\n";
        StringBuilder text = new StringBuilder(HEADER);
        StartRecordWriter.field(text, "odd", odd);
        StartRecordWriter.field(text, "empty", "");
        StartRecordWriter.field(text, "path", "/tmp/x y/app.jar 1371:1796076250374");
        StartRecordWriter.field(text, "path", "a second one");

        // when
        List<String> fields = StartRecord.fields(text.toString());

        // then
        assertThat(fields)
                .containsExactly(
                        "odd", odd, "empty", "", "path", "/tmp/x y/app.jar 1371:1796076250374", "path", "a second one");
        assertThat(StartRecord.value(fields, "path")).isEqualTo("/tmp/x y/app.jar 1371:1796076250374");
        assertThat(StartRecord.value(fields, "missing")).isNull();
    }

    @Test
    void aRecordOfAnotherFormatOrCutShortOrWithABadLengthIsDamaged() {
        StringBuilder whole = new StringBuilder(HEADER);
        StartRecordWriter.field(whole, "name", "value");
        String text = whole.toString();
        assertThat(StartRecord.fields(text)).containsExactly("name", "value");

        assertThat(StartRecord.fields(text.replace("format 4", "format 3")))
                .as("another format")
                .isNull();
        assertThat(StartRecord.fields(text.substring(0, text.length() - 1)))
                .as("cut short")
                .isNull();
        assertThat(StartRecord.fields(text.substring(0, text.length() - 3)))
                .as("cut in the value")
                .isNull();
        assertThat(StartRecord.fields(HEADER + "name 4\nvalue\n"))
                .as("too short a length")
                .isNull();
        assertThat(StartRecord.fields(HEADER + "name 6\nvalue\n"))
                .as("too long a length")
                .isNull();
        assertThat(StartRecord.fields(HEADER + "name x\nvalue\n"))
                .as("no number")
                .isNull();
        assertThat(StartRecord.fields(HEADER + "name \nvalue\n"))
                .as("no digits")
                .isNull();
        assertThat(StartRecord.fields(HEADER + "name\nvalue\n")).as("no length").isNull();
        assertThat(StartRecord.fields(HEADER + "name 99999999999999999999\nvalue\n"))
                .as("a length that overflows")
                .isNull();
        assertThat(StartRecord.fields(HEADER)).as("no fields").isEmpty();
        assertThat(StartRecord.fields("")).as("empty").isNull();
    }
}
