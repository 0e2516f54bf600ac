package dev.rustmaven.it.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EarlyExitPipeRuleTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mvn -v 2>&1 | head -1",
                "java -version 2>&1 | head -n 1 >/dev/null",
                "dpkg --print-foreign-architectures | grep -qx \"$a\"",
                "apt-cache madison rustc | grep -qxF \"$v\" || die x",
                "\"$q\" -version | grep --quiet '^qemu-'",
                "ls | grep -m 1 foo",
                "ls | grep -Em1 foo",
                "ls | grep --max-count=1 foo",
                "ls | grep -l foo",
                "x=$(find . -type d | head -1)",
                "echo \"found: $(ls | head -1)\"",
                "if ! mvn -v | grep -q Maven; then exit 1; fi",
                "a && b | head -1",
                "a |& head -1",
            })
    @DisplayName("flags a pipe into a reader that may stop early")
    void flagsEarlyReaders(String line) {
        // given a script under pipefail with that line
        String script = "#!/usr/bin/env bash\nset -euo pipefail\n" + line + "\n";

        // when
        List<EarlyExitPipeRule.Finding> findings = EarlyExitPipeRule.check(script);

        // then
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.toString()).contains("line 3").contains("SIGPIPE");
        });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mvn -v 2>&1 | tail -1",
                "grep -q foo file.txt",
                "grep -qx \"$a\" <<<\"$(dpkg --print-foreign-architectures)\"",
                "ls | grep -E '^(E|W):' | tr '\\n' ' '",
                "awk -F'|' '{print $2}' file | sort",
                "echo 'a | head -1'",
                "echo \"a | grep -q b\"",
                "x=$(a || b) # then | head -1 in a comment",
                "{ mvn -v 2>&1 || true; } | head -1",
                "(yes || :) | head -1",
                "case \"$1\" in arm-* | armv7-*) echo armhf ;; esac",
                "grep -E -m 3 '^(E|W):' log | tr '\\n' ' '",
                "ls | grep -v foo | sort -u",
                "cmd | grep -e -q",
            })
    @DisplayName("accepts pipes whose reader reads everything, quoted text, and an ignored writer")
    void acceptsSafeLines(String line) {
        // given
        String script = "set -euo pipefail\n" + line + "\n";

        // when / then
        assertThat(EarlyExitPipeRule.check(script)).isEmpty();
    }

    @Test
    @DisplayName("follows backslash continuations and pipes at the end of a line, reporting the first line")
    void continuations() {
        // given
        String script = "set -o pipefail\n"
                + "(cd x && mvn install \\\n"
                + "   -q) |\n"
                + "  grep -q 'BUILD SUCCESS'\n"
                + "echo done | head -1\n";

        // when
        List<EarlyExitPipeRule.Finding> findings = EarlyExitPipeRule.check(script);

        // then
        assertThat(findings).extracting(EarlyExitPipeRule.Finding::line).containsExactly(2, 5);
    }

    @Test
    @DisplayName("skips here-document bodies (Rust closures, TOML) but checks the code after them")
    void hereDocuments() {
        // given
        String script = "set -o pipefail\n"
                + "cat >lib.rs <<'RUST'\n"
                + "let n = v.iter().map(|s| head(s)).count(); // x | head -1\n"
                + "RUST\n"
                + "cat <<-EOF | sed 's/a/b/'\n"
                + "\tls | grep -q x\n"
                + "\tEOF\n"
                + "ls | head -1\n";

        // when
        List<EarlyExitPipeRule.Finding> findings = EarlyExitPipeRule.check(script);

        // then
        assertThat(findings).extracting(EarlyExitPipeRule.Finding::line).containsExactly(8);
    }
}
