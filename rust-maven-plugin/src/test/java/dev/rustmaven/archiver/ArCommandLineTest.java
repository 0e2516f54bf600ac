package dev.rustmaven.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.archiver.ArCommandLine.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArCommandLineTest {

    private static ArCommandLine parse(String... args) throws ArUsageException {
        return ArCommandLine.parse(List.of(args));
    }

    @ParameterizedTest(name = "ar {0} lib.a a.o")
    @CsvSource({
        // what the cc crate runs: cq and cqD since 1.0.65 (then s or sD), cqs in 1.0.64, crs before
        "cq, QUICK_APPEND, true, true",
        "cqD, QUICK_APPEND, true, true",
        "cqs, QUICK_APPEND, true, true",
        "crs, REPLACE, true, true",
        "rcs, REPLACE, true, true",
        "crus, REPLACE, true, true",
        "-crs, REPLACE, true, true",
        "q, QUICK_APPEND, false, true",
        "rcS, REPLACE, true, false",
        "qvcDl, QUICK_APPEND, true, true",
    })
    void readsTheKeysBuildToolsUse(String key, Operation operation, boolean quiet, boolean index)
            throws ArUsageException {
        // when
        ArCommandLine command = parse(key, "lib.a", "a.o", "b.o");

        // then
        assertThat(command.operation()).isEqualTo(operation);
        assertThat(command.quietCreate()).isEqualTo(quiet);
        assertThat(command.writeIndex()).isEqualTo(index);
        assertThat(command.archive()).isEqualTo("lib.a");
        assertThat(command.files()).containsExactly("a.o", "b.o");
    }

    @Test
    void sAloneWritesTheIndexOfAnArchive() throws ArUsageException {
        assertThat(parse("s", "lib.a"))
                .isEqualTo(new ArCommandLine(Operation.INDEX, false, true, false, "lib.a", List.of()));
        assertThat(parse("sD", "lib.a").operation()).isEqualTo(Operation.INDEX);
        assertThat(parse("-s", "lib.a").operation()).isEqualTo(Operation.INDEX);
    }

    @Test
    void readsSeparateDashWordsAsOneKeyAndSkipsTheLtoPlugin() throws ArUsageException {
        // when
        ArCommandLine command = parse("--plugin", "/usr/lib/liblto_plugin.so", "-c", "-q", "-v", "lib.a", "-odd.o");

        // then: after the archive every word is a file, dashes or not
        assertThat(command)
                .isEqualTo(new ArCommandLine(Operation.QUICK_APPEND, true, true, true, "lib.a", List.of("-odd.o")));
        assertThat(parse("--plugin=lto.so", "--format=gnu", "t", "lib.a").operation())
                .isEqualTo(Operation.LIST);
    }

    @Test
    void helpAndVersionNeedNothingElse() throws ArUsageException {
        assertThat(parse("--help").operation()).isEqualTo(Operation.HELP);
        assertThat(parse("cq", "--version").operation()).isEqualTo(Operation.VERSION);
    }

    @ParameterizedTest(name = "ar {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "x lib.a | operation 'x' (extract members) in 'x' is not supported; this archiver supports the operations"
                        + " q (append), r (replace or add), s (write the symbol index) and t (list), with the modifiers c,"
                        + " D, l, s, S, u and v",
                "d lib.a a.o | operation 'd' (delete members) in 'd' is not supported; this archiver supports",
                "cqz lib.a | 'z', an unknown operation or modifier, in 'cqz' is not supported; this archiver supports",
                "rcT lib.a a.o | modifier 'T' (thin archives) in 'rcT' is not supported",
                "cqU lib.a | modifier 'U' (real times, owners and modes) in 'cqU' is not supported (archives written here are"
                        + " always deterministic); this archiver supports",
                "rb a.o lib.a b.o | modifier 'b' (insert at a position named by a member) in 'rb' is not supported",
                "qr lib.a | 'qr' asks for two operations, q and r: give one; this archiver supports",
                "cD lib.a | 'cD' names no operation; this archiver supports",
                "cq | no archive named after 'cq'; usage: ar [-]{q|r|s|t}[cDlsSuv] <archive> [<file>...]",
                "s lib.a a.o | operation s (write the symbol index) takes only the archive, not a.o",
                "t lib.a a.o | operation t (list the members) takes only the archive, not a.o",
                "--format=bsd cq lib.a | the archive format 'bsd' is not supported: this archiver writes the GNU format",
                "--thin cq lib.a | unknown option --thin; this archiver supports",
                "--plugin | --plugin needs a file name after it",
            })
    void refusesWhatItDoesNotDoAndSaysWhatItDoes(String commandLine, String message) {
        assertThatThrownBy(() -> ArCommandLine.parse(List.of(commandLine.strip().split(" "))))
                .isInstanceOf(ArUsageException.class)
                .hasMessageStartingWith(message.strip());
    }

    @Test
    void anEmptyCommandLineNamesNoOperation() {
        assertThatThrownBy(() -> ArCommandLine.parse(List.of()))
                .isInstanceOf(ArUsageException.class)
                .hasMessageStartingWith("no operation given; this archiver supports");
    }
}
