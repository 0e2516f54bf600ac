package dev.rustmaven.it.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The repository's own shell scripts obey {@link EarlyExitPipeRule}. */
class RepositoryScriptsTest {

    @Test
    @DisplayName("no script of the repository pipes into a reader that may stop early")
    void noEarlyExitPipes() throws IOException {
        // given every shell script of the repository
        Path root = RepositoryRoot.get();
        List<Path> scripts = shellScripts(root);
        assertThat(scripts)
                .as("the scan must see the scripts CI, the demo and the bench run")
                .contains(
                        root.resolve(".ci/run"),
                        root.resolve("examples/demo.sh"),
                        root.resolve("it/bench/setup.sh"),
                        root.resolve("it/bench/lib/common.sh"),
                        root.resolve("it/bench/lib/toolchain.sh"));

        // when
        List<String> findings = new ArrayList<>();
        for (Path script : scripts) {
            for (EarlyExitPipeRule.Finding f :
                    EarlyExitPipeRule.check(Files.readString(script, StandardCharsets.UTF_8))) {
                findings.add(root.relativize(script) + " " + f);
            }
        }

        // then
        assertThat(findings).as("pipes into early-exiting readers").isEmpty();
    }

    /** Files ending in .sh, and files whose first line is a sh or bash shebang, outside build output and .git. */
    static List<Path> shellScripts(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !isIgnored(root.relativize(p)))
                    .filter(RepositoryScriptsTest::isShellScript)
                    .sorted()
                    .toList();
        }
    }

    private static boolean isIgnored(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals(".git") || name.equals("target") || name.equals("node_modules")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isShellScript(Path file) {
        if (file.getFileName().toString().endsWith(".sh")) {
            return true;
        }
        try {
            byte[] head = new byte[64];
            int n;
            try (var in = Files.newInputStream(file)) {
                n = in.read(head);
            }
            if (n < 2) {
                return false;
            }
            String first = new String(head, 0, n, StandardCharsets.ISO_8859_1).split("\n", 2)[0];
            return first.startsWith("#!")
                    && (first.endsWith("/sh") || first.endsWith("bash") || first.endsWith("/sh -e"));
        } catch (IOException e) {
            return false;
        }
    }
}
