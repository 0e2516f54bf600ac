package dev.rustmaven.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PackagesIndexTest {

    private static final String SOURCE = "http://127.0.0.1/dists/bookworm/main/binary-armhf/Packages.xz";
    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "b".repeat(64);

    private static PackagesIndex read(String text, Set<String> wanted) throws Exception {
        return PackagesIndex.read(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), wanted::contains, SOURCE);
    }

    private static String stanza(String name, String version, String sha256) {
        return "Package: " + name + "\nSource: glibc\nVersion: " + version + "\nInstalled-Size: 10\n"
                + "Maintainer: GNU Libc Maintainers <glibc@example.invalid>\nArchitecture: armhf\n"
                + "Depends: libc6 (= " + version + "), libc-dev-bin (= " + version + ")\n"
                + "Description: GNU C Library: Development Libraries and Header Files\n"
                + " Contains the symlinks, headers, and object files needed to compile\n"
                + " and link programs which use the standard C library. \u00e9\n"
                + "Filename: pool/main/g/glibc/" + name + "_" + version + "_armhf.deb\nSize: 1270320\n"
                + "SHA256: " + sha256 + "\n";
    }

    @Test
    void keepsTheWantedStanzasAndTheNamesOfAll() throws Exception {
        // given
        String text = stanza("libc6", "2.36-9", SHA_A) + "\n" + stanza("libc6-dev", "2.36-9+deb12u9", SHA_B) + "\n";

        // when
        PackagesIndex index = read(text, Set.of("libc6-dev"));

        // then
        assertThat(index.names()).containsExactly("libc6", "libc6-dev");
        assertThat(index.stanzas("libc6")).isEmpty();
        PackageStanza dev = index.newest("libc6-dev").orElseThrow();
        assertThat(dev.version()).hasToString("2.36-9+deb12u9");
        assertThat(dev.architecture()).isEqualTo("armhf");
        assertThat(dev.filename()).isEqualTo("pool/main/g/glibc/libc6-dev_2.36-9+deb12u9_armhf.deb");
        assertThat(dev.fileName()).isEqualTo("libc6-dev_2.36-9+deb12u9_armhf.deb");
        assertThat(dev.size()).isEqualTo(1270320);
        assertThat(dev.sha256()).isEqualTo(SHA_B);
        assertThat(dev.depends()).isEqualTo("libc6 (= 2.36-9+deb12u9), libc-dev-bin (= 2.36-9+deb12u9)");
    }

    @Test
    void readsStanzasAcrossBufferRefillsAndLinesLongerThanTheBuffer() throws Exception {
        // given: thousands of stanzas, with long lines in a skipped and in a wanted stanza
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            String name = "pkg" + i;
            text.append(stanza(name, "1." + i + "-1", SHA_A));
            if (i == 1000 || i == 2999) {
                text.append("Description-long: ").append("x".repeat(150_000)).append('\n');
            }
            text.append('\n');
        }

        // when
        PackagesIndex index = read(text.toString(), Set.of("pkg1000", "pkg1500", "pkg2999"));

        // then
        assertThat(index.names()).hasSize(3000);
        assertThat(index.newest("pkg1000").orElseThrow().version()).hasToString("1.1000-1");
        assertThat(index.newest("pkg1500").orElseThrow().version()).hasToString("1.1500-1");
        assertThat(index.newest("pkg2999").orElseThrow().sha256()).isEqualTo(SHA_A);
    }

    @Test
    void ofAPackageListedTwiceTheHighestVersionIsTaken() throws Exception {
        // given: several blank lines between stanzas, one with blanks only, and no final line break
        String text = stanza("libc6-dev", "2.36-9+deb12u10", SHA_A) + "\n\n \n"
                + stanza("libc6-dev", "2.36-9+deb12u9", SHA_B) + "\n"
                + stanza("libc6-dev", "2.36-9+deb12u10~rc1", SHA_B).stripTrailing();

        // when
        PackagesIndex index = read(text, Set.of("libc6-dev"));

        // then
        assertThat(index.stanzas("libc6-dev")).hasSize(3);
        assertThat(index.newest("libc6-dev").orElseThrow().version()).hasToString("2.36-9+deb12u10");
    }

    @Test
    void fieldNamesAreMatchedWithoutRegardToCase() throws Exception {
        // given
        String text =
                "package: zlib1g-dev\nVERSION: 1:1.2.13.dfsg-1\nfilename: pool/z.deb\nsize: 5\nsha256: " + SHA_A + "\n";

        // when
        PackagesIndex index = read(text, Set.of("zlib1g-dev"));

        // then
        assertThat(index.newest("zlib1g-dev").orElseThrow().version().epoch()).isEqualTo(1);
    }

    @Test
    void aWantedStanzaWithoutAChecksumIsNamed() {
        // given
        String text = "Package: libc6-dev\nVersion: 2.36-9\nFilename: pool/x.deb\nSize: 5\n";

        // when / then
        assertThatThrownBy(() -> read(text, Set.of("libc6-dev")))
                .isInstanceOfSatisfying(
                        DebianException.class, e -> assertThat(e.reason()).isEqualTo(DebianException.Reason.MALFORMED))
                .hasMessageContaining(SOURCE)
                .hasMessageContaining("package libc6-dev (line 1) has no sha256 field");
    }

    @Test
    void aFilenameThatClimbsOutOfTheMirrorIsRefused() {
        // given
        String text = "Package: libc6-dev\nVersion: 2.36-9\nFilename: pool/../../etc/passwd\nSize: 5\nSHA256: " + SHA_A
                + "\n";

        // when / then
        assertThatThrownBy(() -> read(text, Set.of("libc6-dev")))
                .hasMessageContaining("has the Filename 'pool/../../etc/passwd'");
    }

    @Test
    void aLineThatIsNoFieldIsNamedWithItsNumber() {
        // when / then
        assertThatThrownBy(() -> read("Package: ab\n\nnot a field\n", Set.of()))
                .hasMessageContaining("line 3 is not a field: 'not a field'");
    }
}
