package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * {@link PlainToml} gives exactly tomlj's values, key order and value positions for the TOML it reads, and reads
 * nothing else: whatever it leaves is for tomlj.
 */
class PlainTomlTest {

    private static final String HASH = "3a21b271b1ff973b94d69b25e7a39992f9fbcae1ab6d9475844a23e6ad3908ac";

    /** tomlj's values, in its key order, with types and the positions of values, as one string. */
    private static String described(TomlTable table) {
        StringBuilder out = new StringBuilder();
        describe(table, out);
        return out.toString();
    }

    private static void describe(Object value, StringBuilder out) {
        if (value instanceof TomlTable t) {
            out.append('{');
            for (String key : t.keySet()) {
                out.append('<').append(key).append(">=");
                describe(t.get(List.of(key)), out);
                if (!t.isTable(List.of(key))) {
                    out.append('@').append(t.inputPositionOf(List.of(key)));
                }
                out.append(", ");
            }
            out.append('}');
        } else if (value instanceof TomlArray a) {
            out.append('[');
            for (int i = 0; i < a.size(); i++) {
                describe(a.get(i), out);
                out.append('@').append(a.inputPositionOf(i)).append(", ");
            }
            out.append(']');
        } else if (value instanceof String s) {
            out.append("String<").append(s).append('>');
        } else {
            out.append(value.getClass().getSimpleName())
                    .append('<')
                    .append(value)
                    .append('>');
        }
    }

    /** Asserts that the reader reads {@code text}, with tomlj's answers. */
    private static void readsAsTomlj(String text) {
        TomlParseResult toml = Toml.parse(text);
        assertThat(toml.errors()).as("tomlj's errors in %s", text).isEmpty();
        assertThat(PlainToml.read(text)).as("read: %s", text).isPresent();
        assertThat(described(PlainToml.read(text).orElseThrow())).as(text).isEqualTo(described(toml));
    }

    @Test
    @DisplayName("strings with every escape, comments, quoted keys, blanks, CRLF, empty values: as tomlj reads them")
    void plainTablesAsTomlj() {
        List<String> texts = List.of(
                "",
                "\n\n# only a comment\n",
                "manifest-version = \"2\"\ndate = \"2026-04-16\"\n",
                "a = \"tab\\t nl\\n cr\\r bs\\b ff\\f q\\\" back\\\\ u\\u00e9 U\\U0001F980 zero\\u0000\"\n",
                "a = \"\"\nb = ''\nc = []\nd = [ ]\n",
                "a = 'C:\\path\\no escapes'  # a comment with \"quotes\" and [brackets]\n",
                "\t a\t=\t\"x\"\t#\tc\nb=\"y\"#c\n",
                "\"quoted key\" = 1\n'literal key' = -42\n\"\" = 0\n\"a.b\" = true\n",
                "[pkg.rust-std.target.\"x86_64-unknown-linux-gnu\"]\navailable = true\n",
                "[ pkg . 'rust-std' . target ]\n[pkg.rust-std]\nversion = \"1.95.0\"\n",
                "z = 1\ny = 2\n[b]\nx = false\n[a]\nw = 3\n[b.c]\nv = \"é€𝄞\"\n",
                "[pkg.rust.target.x]\nextensions = [\"a\", 'b' , \"c\\u0041\",]\ncomponents = []\n",
                "k = 999999999999999999\nn = -999999999999999999\n",
                "a = \"x\"\r\n[t]\r\nb = true # c\r\nc = ['d']\r\n",
                "[a.b.c]\nx = 1\n[a]\ny = 2\n[a.b]\nz = 3\n",
                "manifest-version = \"2\"\n[pkg.rust-std.target.aarch64-unknown-linux-gnu]\navailable = true\nurl ="
                        + " \"https://d.example/a.tar.gz\"\nhash = \"" + HASH
                        + "\"\nxz_url = \"https://d.example/a.tar.xz\""
                        + "\nxz_hash = \"" + HASH + "\"\ncomponents = []\nextensions = []\n",
                "a = [\"\uD834\uDD1E\u00e9\", \"x\"] # positions after a character beyond the BMP\n",
                "last = \"line without a line end\"");
        for (String text : texts) {
            readsAsTomlj(text);
        }
    }

    @Test
    @DisplayName("what is outside the subset, valid or not, is left to tomlj")
    void leavesTheRestToTomlj() {
        List<String> texts = List.of(
                // valid TOML outside the subset
                "a = \"\"\"multi\nline\"\"\"\n",
                "a = '''multi\nline'''\n",
                "a.b = 1\n",
                "a = { b = 1 }\n",
                "[[a]]\nb = 1\n",
                "a = 1.5\n",
                "a = 1_000\n",
                "a = +1\n",
                "a = 0x1F\n",
                "a = 2026-04-16\n",
                "a = 1234567890123456789\n",
                "a = [1, 2]\n",
                "a = [\n\"x\"]\n",
                "a = [[\"x\"]]\n",
                "\"esc\\u0061ped\" = 1\n",
                "[\"esc\\u0061ped\"]\n",
                "a = \"x\"\rb = 1\n",
                "\uFEFFa = 1\n",
                // not TOML at all
                "a = \"unterminated\n",
                "a = 'unterminated\n",
                "a = \"bad \\x escape\"\n",
                "a = \"\\uD800\"\n",
                "a = \"\\U00110000\"\n",
                "a = \"\\u12\"\n",
                "a = \"control \u0001 char\"\n",
                "a = 1 # control \u0007 in a comment\n",
                "a = tru\n",
                "a = trueish\n",
                "a = 01\n",
                "a = -0\n",
                "a = 1 2\n",
                "a = \"x\" b = 1\n",
                "a\n",
                "= 1\n",
                "a = \n",
                "a = 1\na = 2\n",
                "[a]\n[a]\n",
                "a = 1\n[a]\n",
                "a = 1\n[a.b]\n",
                "[a.b]\n[a]\nb = 1\n",
                "[a\n",
                "[]\n",
                "[a..b]\n",
                "a = [\"x\" \"y\"]\n",
                "a = [,]\n",
                "a = [\"x\",,]\n");
        for (String text : texts) {
            assertThat(PlainToml.read(text)).as("read: %s", text).isEmpty();
        }
    }

    @Test
    @DisplayName("every cut of the written manifest fixture that it reads, it reads as tomlj does")
    void cutsOfTheFixture() throws IOException {
        // given the fixture (valid TOML full of odd constructs) cut at every line end and mid-line
        String tricky;
        try (InputStream in = PlainTomlTest.class.getResourceAsStream("/dist/channel-rust-sections.toml")) {
            tricky = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        TreeSet<Integer> cuts = new TreeSet<>(List.of(0, tricky.length()));
        for (int start = 0, end; (end = tricky.indexOf('\n', start)) >= 0; start = end + 1) {
            cuts.addAll(List.of(end + 1, (start + end) / 2));
        }
        int read = 0;
        List<String> failures = new ArrayList<>();
        for (int cut : cuts) {
            String text = tricky.substring(0, Math.min(cut, tricky.length()));

            // when
            var plain = PlainToml.read(text);

            // then
            if (plain.isPresent()) {
                read++;
                TomlParseResult toml = Toml.parse(text);
                if (toml.hasErrors() || !described(plain.get()).equals(described(toml))) {
                    failures.add("cut after " + text.length() + " characters: " + toml.errors());
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(read).as("cuts read (the fixture's first tables are plain)").isGreaterThan(10);
    }

    @Test
    @DisplayName("a manifest of real size: the tables the plugin reads are plain, and read as tomlj reads them")
    void realSizeManifest() {
        // given a generated manifest shaped like the dist server's and the selections the plugin parses
        String text = DistManifestSectionsTest.generated(120);
        assertThat(text.length()).isGreaterThan(300_000);
        TomlSections sections = TomlSections.scan(text).orElseThrow();
        List<String> selected = List.of(
                sections.select(TomlSections.around(List.of("manifest-version"))
                        .or(TomlSections.around(List.of("date")))
                        .or(header -> header.partIs(0, "pkg") && !header.hasPart(2))),
                sections.select(TomlSections.around(List.of("pkg", "rust-std", "target"))),
                sections.select(
                        TomlSections.around(List.of("pkg", "rust-std", "target", "armv7-unknown-linux-gnueabihf"))),
                sections.select(TomlSections.around(List.of("pkg", "rustc"))));

        // when / then
        for (String part : selected) {
            readsAsTomlj(part);
        }
        assertThat(PlainToml.read(text))
                .as("the whole text has rust's arrays of tables")
                .isEmpty();
    }
}
