package dev.rustmaven.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseFilesTest {

    @TempDir
    Path dir;

    @Test
    void whitespaceOfAnyKindSeparatesArguments() {
        // given
        String content = "  -shared\t-o  out.so\n\n-lc\r\nfoo.o\f\u000bbar.o  ";

        // when
        List<String> args = ResponseFiles.parse(content);

        // then
        assertThat(args).containsExactly("-shared", "-o", "out.so", "-lc", "foo.o", "bar.o");
    }

    @Test
    void backslashTakesTheNextCharacterLiterally() {
        // given
        String content = "/path/with\\ space/a.o c:\\\\dir\\\\b.o \\\"q\\\" \\'s\\'";

        // when
        List<String> args = ResponseFiles.parse(content);

        // then
        assertThat(args).containsExactly("/path/with space/a.o", "c:\\dir\\b.o", "\"q\"", "'s'");
    }

    @Test
    void quotesGroupWhitespaceAndMayStartMidArgument() {
        // given
        String content = "\"/a b/c.o\" '/d e/f.o' -Wl,\"--version-script=/g h/list\" 'it\"s' \"it's\"";

        // when
        List<String> args = ResponseFiles.parse(content);

        // then
        assertThat(args).containsExactly("/a b/c.o", "/d e/f.o", "-Wl,--version-script=/g h/list", "it\"s", "it's");
    }

    @Test
    void backslashEscapesInsideQuotesToo() {
        // given: libiberty's buildargv honours backslashes inside both kinds of quotes
        String content = "\"a\\\"b\" 'c\\'d'";

        // when
        List<String> args = ResponseFiles.parse(content);

        // then
        assertThat(args).containsExactly("a\"b", "c'd");
    }

    @Test
    void emptyQuotesAreAnEmptyArgument() {
        // when
        List<String> args = ResponseFiles.parse("a \"\" '' b");

        // then
        assertThat(args).containsExactly("a", "", "", "b");
    }

    @Test
    void expandsNestedFilesInPlaceRelativeToTheWorkingDirectory() throws IOException {
        // given
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/inner.rsp"), "-lm \"x y.o\"");
        Files.writeString(dir.resolve("outer.rsp"), "-shared @sub/inner.rsp -lc");

        // when
        List<String> args = ResponseFiles.expand(List.of("-o", "out", "@outer.rsp", "last.o"), dir);

        // then
        assertThat(args).containsExactly("-o", "out", "-shared", "-lm", "x y.o", "-lc", "last.o");
    }

    @Test
    void keepsAnAtArgumentWhoseFileDoesNotExistAsGccDoes() throws IOException {
        // when
        List<String> args = ResponseFiles.expand(List.of("@missing.rsp", "@", "a.o"), dir);

        // then
        assertThat(args).containsExactly("@missing.rsp", "@", "a.o");
    }

    @Test
    void filesThatNameEachOtherInALoopAreAnError() throws IOException {
        // given
        Files.writeString(dir.resolve("a.rsp"), "@b.rsp");
        Files.writeString(dir.resolve("b.rsp"), "@a.rsp");

        // when / then
        assertThatThrownBy(() -> ResponseFiles.expand(List.of("@a.rsp"), dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("nested more than " + ResponseFiles.MAX_DEPTH)
                .hasMessageContaining("loop");
    }

    @Test
    void formattedArgumentsParseBackToTheSameArguments() {
        // given
        List<String> args = List.of(
                "plain",
                "with space",
                "tab\there",
                "back\\slash",
                "double\"quote",
                "single'quote",
                "",
                "line\nbreak",
                "line\r\nbreak and space",
                "ünïcödé/ß",
                "-Wl,a,b");

        // when
        String text = ResponseFiles.format(args);

        // then
        assertThat(ResponseFiles.parse(text)).isEqualTo(args);
    }

    @Test
    void formatWritesOneArgumentPerLine() {
        // when
        String text = ResponseFiles.format(List.of("-shared", "a b.o"));

        // then
        assertThat(text).isEqualTo("-shared\na\\ b.o\n");
    }
}
