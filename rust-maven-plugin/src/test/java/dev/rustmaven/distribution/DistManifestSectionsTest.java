package dev.rustmaven.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The manifest reader that parses only the tables asked for gives exactly the answers, and the errors, of a tomlj
 * parse of the whole text ({@link DistManifest#parseWhole}), on a large generated manifest and on a small written
 * one full of constructs that could fool a reader that cuts tables out of the text.
 */
class DistManifestSectionsTest {

    private static final URI SOURCE = URI.create("https://dist.example/dist/channel-rust-1.95.0.toml");
    private static String tricky;

    @BeforeAll
    static void readFixture() throws IOException {
        try (InputStream in = DistManifestSectionsTest.class.getResourceAsStream("/dist/channel-rust-sections.toml")) {
            tricky = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** What {@link ManifestReaders#differences} found, less its last line, which counts the questions. */
    private static List<String> differences(String text) {
        List<String> found = ManifestReaders.differences(text, SOURCE);
        assertThat(found.get(found.size() - 1)).startsWith("asked ");
        return found.subList(0, found.size() - 1);
    }

    @Test
    @DisplayName("a manifest of real shape and size: every package, target and version reads as in a whole parse")
    void largeManifestAsTheWholeParse() {
        // given a manifest shaped like the dist server's: 6 packages, 60 targets, rust's component lists
        String text = generated(60);
        assertThat(text.length()).isGreaterThan(150_000);
        assertThat(TomlSections.scan(text)).as("read by sections, not whole").isPresent();

        // when / then
        assertThat(differences(text)).isEmpty();
    }

    @Test
    @DisplayName("headers in comments, multi-line strings and arrays are not tables; quoted and spaced keys are")
    void trickyManifestAsTheWholeParse() throws DistException {
        // given the written fixture
        assertThat(TomlSections.scan(tricky)).as("read by sections, not whole").isPresent();
        DistManifest manifest = DistManifest.parse(tricky, SOURCE);

        // when / then
        assertThat(differences(tricky)).isEmpty();
        assertThat(manifest.targets("rust-std", false))
                .containsExactly(
                        "aarch64-unknown-linux-gnu",
                        "aarch64-unknown-linux-musl",
                        "arm-unknown-linux-gnueabihf",
                        "armv7-unknown-linux-gnueabihf",
                        "armv7-unknown-linux-uclibceabihf",
                        "x86_64-unknown-linux-gnu");
        assertThat(manifest.archives("rust-std", "aarch64-unknown-linux-gnu")
                        .get(0)
                        .url())
                .isEqualTo("https://dist.example/dist/2026-04-16/rust-std-1.95.0-aarch64-unknown-linux-gnu.tar.xz");
        assertThat(manifest.archives("rust-std", "armv7-unknown-linux-gnueabihf"))
                .extracting(PackageArchive::fileName)
                .containsExactly(
                        "rust-std-1.95.0-armv7-unknown-linux-gnueabihf.tar.xz",
                        "rust-std-1.95.0-armv7-unknown-linux-gnueabihf.tar.gz");
        assertThat(manifest.archives("rust-std", "x86_64-unknown-linux-gnu")).hasSize(2);
        assertThat(manifest.archives("rust-src", "*")).hasSize(2);
        assertThat(manifest.version("rustc")).contains("1.95.0 (59807616e 2026-04-14)");
        assertThat(manifest.date()).isEqualTo("2026-04-16");
    }

    @Test
    @DisplayName("CRLF line ends read the same")
    void crlf() throws DistException {
        // given
        String crlf = tricky.replace("\n", "\r\n");
        assertThat(TomlSections.scan(crlf)).isPresent();

        // when / then
        assertThat(differences(crlf)).isEmpty();
        assertThat(DistManifest.parse(crlf, SOURCE).archives("rust-std", "aarch64-unknown-linux-musl"))
                .hasSize(2);
    }

    @Test
    @DisplayName("a file cut off anywhere gives the whole parse's answers or its error")
    void truncated() {
        // given the fixture cut at each line end, a character after it, and mid-line
        java.util.TreeSet<Integer> cuts = new java.util.TreeSet<>(List.of(0, tricky.length()));
        for (int start = 0, end; (end = tricky.indexOf('\n', start)) >= 0; start = end + 1) {
            cuts.addAll(List.of(end, end + 1, (start + end) / 2));
        }
        List<String> failures = new ArrayList<>();
        for (int cut : cuts) {
            String text = tricky.substring(0, Math.max(0, Math.min(cut, tricky.length())));

            // when
            List<String> found = differences(text);

            // then
            if (!found.isEmpty()) {
                failures.add("cut after " + text.length() + " characters: " + found);
            }
        }
        assertThat(cuts).hasSizeGreaterThan(400);
        assertThat(failures).isEmpty();
    }

    @Test
    @DisplayName("a missing package or target gives the same message as before")
    void missingTables() {
        // given
        String text = tricky;

        // when / then
        assertThatThrownBy(() -> DistManifest.parse(text, SOURCE).archives("rust-std", "riscv64gc-unknown-linux-gnu"))
                .isInstanceOf(DistException.class)
                .hasMessageContaining("does not know the target 'riscv64gc-unknown-linux-gnu'");
        assertThatThrownBy(() -> DistManifest.parse(text, SOURCE).archives("rust-std", "aarch64-unknown-linux-gnux"))
                .hasMessageContaining(
                        "Available aarch64-* targets: aarch64-unknown-linux-gnu, aarch64-unknown-linux-musl.");
        assertThatThrownBy(() -> DistManifest.parse(text, SOURCE).archives("rust-docs", "aarch64-unknown-linux-gnu"))
                .hasMessageContaining("has no package 'rust-docs'");
        assertThat(differences(text.replace("[pkg.rust-std.target.aarch64-unknown-linux-musl]", "[pkg.x.target.y]")))
                .isEmpty();
    }

    @Test
    @DisplayName("a table defined twice, or broken TOML in any table, fails as the whole parse does")
    void brokenManifests() throws DistException {
        // given
        String twice = tricky + "\n[pkg.cargo]\nversion = \"again\"\n";
        String unterminated = tricky.replace("to = \"rust-analyzer-preview\"", "to = \"rust-analyzer-preview");
        String badHeader = tricky.replace("[renames.rust-analyzer]", "[renames.rust-analyzer");
        String badValueInAReadTable = tricky.replace(
                "[pkg.rust-std.target.aarch64-unknown-linux-musl]\navailable = true",
                "[pkg.rust-std.target.aarch64-unknown-linux-musl]\navailable = 2026-02-30T25:61:00");

        // when / then: parse fails, or (for a table read later) the look-up, with the whole parse's message
        for (String text : List.of(twice, unterminated, badHeader)) {
            String expected = message(() -> DistManifest.parseWhole(text, SOURCE));
            assertThat(expected).contains("is not valid TOML");
            assertThat(message(() -> DistManifest.parse(text, SOURCE))).isEqualTo(expected);
        }
        String expected = message(() -> DistManifest.parseWhole(badValueInAReadTable, SOURCE));
        assertThat(expected).contains("is not valid TOML");
        DistManifest manifest = DistManifest.parse(badValueInAReadTable, SOURCE);
        assertThat(message(() -> manifest.archives("rust-std", "aarch64-unknown-linux-musl")))
                .isEqualTo(expected);
    }

    @Test
    @DisplayName("what is no longer caught: a malformed date or number in a table the plugin never reads")
    void badValueInATableNotRead() throws DistException {
        // given a date that the section pass lets through and tomlj refuses, in rustc's target table
        String text = tricky.replace(
                "[pkg.rustc.target.x86_64-unknown-linux-gnu]\navailable = true",
                "[pkg.rustc.target.x86_64-unknown-linux-gnu]\navailable = 2026-02-30T25:61:00");

        // when
        DistManifest manifest = DistManifest.parse(text, SOURCE);

        // then: a whole parse refuses the file; the plugin reads rust-std as before, and refuses rustc's table
        assertThat(message(() -> DistManifest.parseWhole(text, SOURCE))).contains("is not valid TOML");
        assertThat(manifest.archives("rust-std", "aarch64-unknown-linux-gnu")).hasSize(2);
        assertThat(message(() -> manifest.archives("rustc", "x86_64-unknown-linux-gnu")))
                .contains("is not valid TOML");
    }

    @Test
    @DisplayName("constructs the section pass does not take on are parsed whole, with the same answers")
    void leftToTheWholeParse() {
        // given a header with an escape in a quoted key, a non-ASCII bare value, a character beyond the BMP
        String beyond =
                tricky.replace("# [pkg.rust-std.target.from-a-comment]", "# \uD83E\uDD80 [pkg.rust-std.target.x]");
        String escaped = tricky.replace(
                "[pkg.rust-std.target.\"x86_64-unknown-linux-gnu\"]",
                "[pkg.rust-std.target.\"x86_64-unknown-linux-gn\\u0075\"]");
        String unexpected = tricky.replace("is_extension = true", "is_extension = trué");

        // when / then
        for (String text : List.of(escaped, unexpected, beyond)) {
            assertThat(text).isNotEqualTo(tricky);
            assertThat(TomlSections.scan(text)).isEmpty();
            assertThat(differences(text)).isEmpty();
        }
    }

    @Test
    @DisplayName("tables defined by dotted keys, inline tables, quoted keys with dots, arrays of tables: as whole")
    void tablesDefinedOutsideTheirHeader() throws DistException {
        // given small manifests whose rust-std target tables are defined in ways a header-only reader would miss
        String head = "manifest-version = \"2\"\ndate = \"2026-04-16\"\n";
        String entry = "available = true\nurl = \"https://d.example/a.tar.gz\"\nhash = \"" + "a".repeat(64) + "\"\n";
        String inline = "{ available = true, url = \"https://d.example/a.tar.gz\", hash = \"" + "a".repeat(64) + "\" }";
        List<String> texts = List.of(
                // dotted keys in the root and in [pkg] define the target table
                head + "pkg.rust-std.target.aarch64-unknown-linux-gnu.available = true\n"
                        + "pkg.rust-std.target.aarch64-unknown-linux-gnu.url = \"https://d.example/a.tar.gz\"\n"
                        + "pkg.rust-std.target.aarch64-unknown-linux-gnu.hash = \"" + "a".repeat(64) + "\"\n",
                head + "[pkg]\nrust-std.version = \"1\"\nrust-std.target.aarch64-unknown-linux-gnu = " + inline + "\n",
                // an inline table in the package's table, and a target table in [pkg.rust-std.target]
                head + "[pkg.rust-std]\ntarget = { aarch64-unknown-linux-gnu = " + inline + " }\n",
                head + "[pkg.rust-std.target]\naarch64-unknown-linux-gnu = " + inline + "\n",
                // a quoted key with a dot is one key, not two; the bare look-alike is another table
                head + "[pkg.rust-std.target.\"aarch64.unknown\"]\n" + entry
                        + "[pkg.rust-std.target.aarch64.unknown]\navailable = false\n",
                // a multi-line array whose lines start with [, and a multi-line string holding a header
                head + "[pkg.rust-std]\nx = [\n[1, 2],\n[\"[pkg.rust-std.target.aarch64-unknown-linux-gnu]\"]\n]\n"
                        + "s = \"\"\"\n[pkg.rust-std.target.aarch64-unknown-linux-gnu]\navailable = false\n\"\"\"\n"
                        + "[pkg.rust-std.target.aarch64-unknown-linux-gnu]\n" + entry,
                // an array of tables on the way, and a sub-table of its last element
                head + "[[pkg.rust-std.target]]\nname = \"one\"\n[[pkg.rust-std.target]]\nname = \"two\"\n"
                        + "[pkg.rust-std.target.aarch64-unknown-linux-gnu]\n" + entry,
                // a target table defined twice, by dotted keys and again by a header: invalid, as a whole parse says
                head + "[pkg.rust-std]\ntarget.aarch64-unknown-linux-gnu.available = true\n"
                        + "[pkg.rust-std.target.aarch64-unknown-linux-gnu]\n" + entry,
                head + "[pkg.rust-std.target.aarch64-unknown-linux-gnu]\n" + entry
                        + "[pkg.rust-std.target.\"aarch64-unknown-linux-gnu\"]\n" + entry,
                // comments, blanks and CRLF around headers
                (head + "  [ pkg . rust-std . target . 'aarch64-unknown-linux-gnu' ]  # a comment [x]\n" + entry)
                        .replace("\n", "\r\n"));

        // when / then: every question answers as in a whole parse (the tables defined twice: see below)
        for (String text : texts) {
            if (texts.indexOf(text) == 7 || texts.indexOf(text) == 8) {
                continue;
            }
            assertThat(differences(text)).as(text).isEmpty();
        }
        assertThat(DistManifest.parse(texts.get(0), SOURCE).archives("rust-std", "aarch64-unknown-linux-gnu"))
                .hasSize(1);
        assertThat(DistManifest.parse(texts.get(4), SOURCE).archives("rust-std", "aarch64.unknown"))
                .hasSize(1);
        assertThat(message(() -> DistManifest.parse(texts.get(6), SOURCE).archives("rust-std", "aarch64.unknown")))
                .contains("MALFORMED", "pkg.rust-std.target that is not a table");
        // a table defined twice fails with the whole parse's message naming the file: by two headers already when
        // parsed (the section pass gives up), by dotted keys and a header when that table is read
        assertThat(message(() -> DistManifest.parse(texts.get(8), SOURCE))).contains("is not valid TOML");
        for (String twice : texts.subList(7, 9)) {
            String whole = message(() -> DistManifest.parseWhole(twice, SOURCE));
            String read =
                    message(() -> DistManifest.parse(twice, SOURCE).archives("rust-std", "aarch64-unknown-linux-gnu"));
            assertThat(whole).contains("is not valid TOML").contains(SOURCE.toString());
            assertThat(read).isEqualTo(whole);
        }
    }

    private interface Action {
        Object run() throws DistException;
    }

    private static String message(Action action) {
        try {
            return "no error: " + action.run();
        } catch (DistException e) {
            return e.reason() + ": " + e.getMessage();
        }
    }

    /**
     * A manifest shaped like the dist server's: a date, packages with versions and a table per target, some targets
     * unavailable or with a .tar.gz only, rust's components and extensions as arrays of tables, renames, profiles.
     */
    static String generated(int targets) {
        List<String> triples = new ArrayList<>();
        String[] arches = {"aarch64", "arm", "armv7", "i686", "riscv64gc", "x86_64", "powerpc64le", "s390x"};
        String[] systems = {
            "unknown-linux-gnu",
            "unknown-linux-musl",
            "unknown-linux-gnueabihf",
            "apple-darwin",
            "pc-windows-msvc",
            "unknown-freebsd",
            "unknown-none",
            "linux-android"
        };
        for (int i = 0; triples.size() < targets; i++) {
            triples.add(arches[i % arches.length] + "-" + systems[(i / arches.length) % systems.length]
                    + (i >= arches.length * systems.length ? "-v" + i : ""));
        }
        String[] packages = {"cargo", "rust", "rust-docs", "rust-src", "rust-std", "rustc"};
        StringBuilder out = new StringBuilder("manifest-version = \"2\"\ndate = \"2026-04-16\"\n\n");
        for (String pkg : packages) {
            out.append("[pkg.").append(pkg).append("]\nversion = \"1.95.0 (59807616e 2026-04-14)\"\n\n");
            List<String> listed = pkg.equals("rust-src") ? List.of("*") : triples;
            for (int t = 0; t < listed.size(); t++) {
                String triple = listed.get(t);
                out.append("[pkg.")
                        .append(pkg)
                        .append(".target.")
                        .append(triple.equals("*") ? "\"*\"" : triple)
                        .append("]\n");
                if (t % 7 == 3) {
                    out.append("available = false\n\n");
                    continue;
                }
                out.append("available = true\n");
                String url = "https://dist.example/dist/2026-04-16/" + pkg + "-1.95.0-" + triple;
                out.append("url = \"")
                        .append(url)
                        .append(".tar.gz\"\nhash = \"")
                        .append(hash(pkg, t, 1))
                        .append("\"\n");
                if (t % 5 != 2) {
                    out.append("xz_url = \"")
                            .append(url)
                            .append(".tar.xz\"\nxz_hash = \"")
                            .append(hash(pkg, t, 2))
                            .append("\"\n");
                }
                if (!pkg.equals("rust")) {
                    out.append("components = []\nextensions = []\n\n");
                    continue;
                }
                out.append('\n');
                for (String component : List.of("rustc", "rust-std", "cargo", "rust-docs")) {
                    out.append("[[pkg.rust.target.")
                            .append(triple)
                            .append(".components]]\npkg = \"")
                            .append(component)
                            .append("\"\ntarget = \"")
                            .append(triple)
                            .append("\"\nis_extension = false\n\n");
                }
                for (String other : triples.subList(0, 10)) {
                    out.append("[[pkg.rust.target.")
                            .append(triple)
                            .append(".extensions]]\npkg = \"rust-std\"\ntarget = \"")
                            .append(other)
                            .append("\"\nis_extension = true\n\n");
                }
            }
        }
        out.append(
                "[renames.rls]\nto = \"rls-preview\"\n\n[profiles]\nminimal = [\"rustc\", \"cargo\", \"rust-std\"]\n");
        return out.toString();
    }

    private static String hash(String pkg, int target, int kind) {
        byte[] bytes = new byte[32];
        int seed = (pkg.hashCode() * 31 + target) * 31 + kind;
        for (int i = 0; i < bytes.length; i++) {
            seed = seed * 1103515245 + 12345;
            bytes[i] = (byte) (seed >>> 16);
        }
        return HexFormat.of().formatHex(bytes);
    }
}
