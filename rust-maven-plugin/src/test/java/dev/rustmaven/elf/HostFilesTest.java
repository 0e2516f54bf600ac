package dev.rustmaven.elf;

import static dev.rustmaven.elf.Fixtures.assumeHost;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Reads this machine's own glibc and {@code /bin/ls} (Debian x86_64, both made by GNU ld) and
 * compares the reader with binutils' {@code readelf}.
 */
class HostFilesTest {

    private static final Path LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
    private static final Path LS = Path.of("/bin/ls");

    private static void assumeDebianX8664() {
        assumeHost(
                Files.isRegularFile(LIBC) && Files.isRegularFile(LS),
                "this test reads " + LIBC + " and " + LS + " of a Debian-like x86_64 host, which this machine lacks");
    }

    @Test
    void readsTheHostGlibc() throws Exception {
        // given
        assumeDebianX8664();

        // when
        ElfFile libc = ElfFile.read(LIBC);

        // then
        assertThat(libc.describe()).isEqualTo("ELF64 x86-64");
        assertThat(libc.header().type()).isEqualTo(ElfHeader.ElfType.DYN);
        assertThat(libc.soname()).contains("libc.so.6");
        assertThat(libc.needed()).containsExactly("ld-linux-x86-64.so.2");
        assertThat(libc.interpreter()).contains("/lib64/ld-linux-x86-64.so.2");
        // GNU ld, unlike LLD, records each glibc version's parent.
        assertThat(libc.versionDefinitions().subList(0, 3))
                .containsExactly(
                        new VersionDefinition(1, "libc.so.6", true, List.of()),
                        new VersionDefinition(2, "GLIBC_2.2.5", false, List.of()),
                        new VersionDefinition(3, "GLIBC_2.2.6", false, List.of("GLIBC_2.2.5")));
        assertThat(libc.dynamicSymbols())
                .extracting(ElfSymbol::versionedName)
                .contains(
                        "memcpy@GLIBC_2.2.5",
                        "memcpy@@GLIBC_2.14",
                        "pthread_create@@GLIBC_2.34",
                        "pthread_create@GLIBC_2.2.5",
                        "stdout@@GLIBC_2.2.5",
                        "errno@@GLIBC_PRIVATE");
        assertThat(libc.dynamicSymbols())
                .filteredOn(s -> s.versionedName().equals("memcpy@@GLIBC_2.14"))
                .singleElement()
                .extracting(ElfSymbol::type)
                .isEqualTo(ElfSymbol.Type.GNU_IFUNC);
        assertThat(libc.dynamicSymbol("errno"))
                .get()
                .extracting(ElfSymbol::type)
                .isEqualTo(ElfSymbol.Type.TLS);
        assertThat(libc.dynamicSymbol("__tls_get_addr")).get().satisfies(s -> {
            assertThat(s.isDefined()).isFalse();
            assertThat(s.version())
                    .contains(new SymbolVersion("GLIBC_2.3", false, Optional.of("ld-linux-x86-64.so.2")));
        });
    }

    @Test
    void readsTheHostLsAsAPieNamingTheLoader() throws Exception {
        // given
        assumeDebianX8664();

        // when
        ElfFile ls = ElfFile.read(LS);

        // then
        assertThat(ls.header().type()).isEqualTo(ElfHeader.ElfType.DYN);
        assertThat(ls.interpreter()).contains("/lib64/ld-linux-x86-64.so.2");
        assertThat(ls.isPie()).isTrue();
        assertThat(ls.isStaticExecutable()).isFalse();
        assertThat(ls.needed()).contains("libc.so.6");
        assertThat(ls.executableStack()).contains(false);
        assertThat(ls.requiredVersions().get("libc.so.6")).contains("GLIBC_2.2.5");
        assertThat(ls.highestGlibcVersion()).isPresent();
    }

    @Test
    void agreesWithReadelfOnEveryDynamicSymbolAndVersionNeed() throws Exception {
        // given
        assumeDebianX8664();
        assumeHost(readelfAvailable(), "readelf (binutils) is not installed");

        for (Path file : List.of(LIBC, LS)) {
            // when
            ElfFile elf = ElfFile.read(file);

            // then
            assertThat(elf.dynamicSymbols())
                    .extracting(ElfSymbol::versionedName)
                    .as("dynamic symbols of %s", file)
                    .isEqualTo(readelfSymbols(file));
            assertThat(elf.requiredVersions()).as("version needs of %s", file).isEqualTo(readelfNeeds(file));
        }
    }

    private static boolean readelfAvailable() {
        try {
            return new ProcessBuilder("readelf", "--version")
                            .redirectErrorStream(true)
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static List<String> readelf(String option, Path file) throws Exception {
        Process p = new ProcessBuilder("readelf", "-W", option, file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("readelf %s %s", option, file).isZero();
        return out.lines().toList();
    }

    /** The Name column of {@code readelf -W --dyn-syms}, without entry 0 and the "(index)" readelf adds. */
    private static List<String> readelfSymbols(Path file) throws Exception {
        Pattern row = Pattern.compile("^\\s*(\\d+):\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s*(\\S*)");
        List<String> names = new ArrayList<>();
        for (String line : readelf("--dyn-syms", file)) {
            Matcher m = row.matcher(line);
            if (m.find() && !m.group(1).equals("0")) {
                names.add(m.group(2));
            }
        }
        return names;
    }

    private static Map<String, List<String>> readelfNeeds(Path file) throws Exception {
        Map<String, List<String>> needs = new LinkedHashMap<>();
        Pattern fileLine = Pattern.compile("File: (\\S+)\\s+Cnt:");
        Pattern nameLine = Pattern.compile("^\\s*0x\\S+:\\s+Name: (\\S+)\\s+Flags:");
        String current = null;
        boolean inNeeds = false;
        for (String line : readelf("-V", file)) {
            if (line.startsWith("Version needs section")) {
                inNeeds = true;
                continue;
            }
            if (!inNeeds) {
                continue;
            }
            Matcher f = fileLine.matcher(line);
            Matcher n = nameLine.matcher(line);
            if (f.find()) {
                current = f.group(1);
                needs.put(current, new ArrayList<>());
            } else if (n.find() && current != null) {
                needs.get(current).add(n.group(1));
            }
        }
        return needs;
    }
}
