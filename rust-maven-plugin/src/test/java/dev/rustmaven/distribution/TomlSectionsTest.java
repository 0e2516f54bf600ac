package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TomlSectionsTest {

    private static List<TomlSections.Section> sections(String text) {
        return TomlSections.scan(text).orElseThrow().sections();
    }

    @Test
    @DisplayName("only real headers start sections: not those in comments, multi-line strings or arrays")
    void headersOfTheFixture() throws IOException {
        // given
        String text;
        try (InputStream in = getClass().getResourceAsStream("/dist/channel-rust-sections.toml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        // when
        List<List<String>> paths =
                sections(text).stream().map(TomlSections.Section::path).toList();

        // then: each [[array element]] header once per element, and none of the decoys named from-a-...
        String rustX86 = "pkg.rust.target.x86_64-unknown-linux-gnu";
        assertThat(paths.stream().map(p -> String.join(".", p)))
                .containsExactly(
                        "pkg.cargo",
                        "pkg.cargo.target.aarch64-unknown-linux-gnu",
                        "pkg.cargo.target.x86_64-unknown-linux-gnu",
                        "pkg.rust",
                        rustX86,
                        rustX86 + ".components",
                        rustX86 + ".components",
                        rustX86 + ".components",
                        rustX86 + ".extensions",
                        rustX86 + ".extensions",
                        "pkg.rust-src",
                        "pkg.rust-src.target.*",
                        "pkg.rust-std",
                        "pkg.rust-std.target.aarch64-unknown-linux-gnu",
                        "pkg.rust-std.target.aarch64-unknown-linux-musl",
                        "pkg.rust-std.target.arm-unknown-linux-gnueabihf",
                        "pkg.rust-std.target.armv7-unknown-linux-gnueabihf",
                        "pkg.rust-std.target.armv7-unknown-linux-uclibceabihf",
                        "pkg.rust-std.target.x86_64-unknown-linux-gnu",
                        "pkg.rustc",
                        "pkg.rustc.target.x86_64-unknown-linux-gnu",
                        "renames.rust-analyzer",
                        "profiles");
    }

    @Test
    @DisplayName("a plain header and the same key quoted and spaced answer alike")
    void plainAndQuotedHeadersAgree() {
        // given the same header written plainly and quoted
        String text = "[pkg.rust-std.target.x86_64-unknown-linux-gnu]\na = 1\n"
                + "[[ pkg . \"rust-std\" . 'target' . \"x86_64-unknown-linux-gnu\" ]]\nb = 2\n";
        List<TomlSections.Section> both = sections(text);
        List<List<String>> questions = List.of(
                List.of(),
                List.of("pkg"),
                List.of("pkg", "rust"),
                List.of("pkg", "rust-std"),
                List.of("pkg", "rust-std-x"),
                List.of("pkg", "rust-std", "target"),
                List.of("pkg", "rust-std", "target", "x86_64-unknown-linux-gnu"),
                List.of("pkg", "rust-std", "target", "x86_64-unknown-linux-gnu", "components"),
                List.of("pkg", "rust-std", "target", "x86_64"),
                List.of("pkg", "rust-std.target"),
                List.of("pkg", "rustc", "target"));

        // when / then
        assertThat(both).hasSize(2);
        for (TomlSections.Section s : both) {
            assertThat(s.path()).containsExactly("pkg", "rust-std", "target", "x86_64-unknown-linux-gnu");
            assertThat(s.hasPart(3)).isTrue();
            assertThat(s.hasPart(4)).isFalse();
            assertThat(s.partIs(1, "rust-std")).isTrue();
            assertThat(s.partIs(1, "rust")).isFalse();
            assertThat(s.partIs(4, "components")).isFalse();
        }
        for (List<String> q : questions) {
            boolean related = q.size() <= 4
                    ? List.of("pkg", "rust-std", "target", "x86_64-unknown-linux-gnu")
                            .subList(0, q.size())
                            .equals(q)
                    : q.subList(0, 4).equals(List.of("pkg", "rust-std", "target", "x86_64-unknown-linux-gnu"));
            assertThat(both).as("%s", q).allMatch(s -> s.around(q) == related);
        }
    }

    @Test
    @DisplayName("the text before the first header always comes first, then the selected sections in order")
    void selectKeepsTheRootAndTheOrder() {
        // given
        String text = "date = \"d\"\n[b]\nx = 1\n[a]\ny = 2\n[b.c]\nz = 3";

        // when / then
        assertThat(TomlSections.scan(text).orElseThrow().select(TomlSections.around(List.of("b"))))
                .isEqualTo("date = \"d\"\n[b]\nx = 1\n[b.c]\nz = 3");
        assertThat(TomlSections.scan(text).orElseThrow().select(s -> false)).isEqualTo("date = \"d\"\n");
    }
}
