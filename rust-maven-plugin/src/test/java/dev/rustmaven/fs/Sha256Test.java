package dev.rustmaven.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path temp;

    @Test
    void bytesFilesAndStreamedDigestsGiveTheKnownDigestOfAbc() throws Exception {
        // given
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        Path file = Files.write(temp.resolve("abc"), abc);
        MessageDigest streamed = Sha256.newDigest();
        streamed.update(abc, 0, 1);
        streamed.update(abc, 1, 2);

        // when / then
        assertThat(Sha256.of(abc)).isEqualTo(ABC);
        assertThat(Sha256.of(file)).isEqualTo(ABC);
        assertThat(Sha256.hex(streamed)).isEqualTo(ABC);
    }

    @Test
    void checksumFilesAreReadInSha256sumFormatOrBare() {
        // given / when / then
        assertThat(Sha256.parseChecksumFile(ABC + "  channel-rust-1.85.0.toml\n"))
                .contains(ABC);
        assertThat(Sha256.parseChecksumFile(ABC.toUpperCase() + "\n")).contains(ABC);
        assertThat(Sha256.parseChecksumFile("<html>not found</html>")).isEmpty();
    }

    @Test
    void aFileWithoutContentToReadIsAbsent() throws Exception {
        Path file = Files.writeString(temp.resolve("present"), "abc");

        assertThat(Sha256.ofOrAbsent(file)).isEqualTo(Sha256.of(file));
        assertThat(Sha256.ofOrAbsent(temp.resolve("missing"))).isEqualTo("absent");
        assertThat(Sha256.ofOrAbsent(temp)).as("a directory").isEqualTo("absent");
    }
}
