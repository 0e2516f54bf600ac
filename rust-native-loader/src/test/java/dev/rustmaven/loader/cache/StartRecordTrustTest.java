package dev.rustmaven.loader.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.loader.platform.HostRequirement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a start record may name: only a sealed copy in a hash directory of its own root. */
class StartRecordTrustTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path temp;

    @Test
    void aRecordWhoseSha256IsNoHashDoesNotLeadOutOfItsRoot() throws Exception {
        HostRequirement.require(Files.isDirectory(Paths.get("/proc/self")), "needs Linux: /proc/self tells the user");
        // given: a private root with a sealed copy in a hash directory, and a private directory of the user next
        // to the root with a sealed file of the same name and size
        Path root = privateDirectory(temp.resolve("root"));
        sealedFile(privateDirectory(root.resolve(SHA)).resolve("libx.so"));
        sealedFile(privateDirectory(temp.resolve("elsewhere")).resolve("libx.so"));
        StartRecord key = new StartRecord("environment of this test", List.of());

        // when
        writeRecord(key, root, SHA);
        StartRecord.Remembered hashed = key.read(root, "x");
        writeRecord(key, root, "../elsewhere");
        StartRecord.Remembered climbing = key.read(root, "x");
        writeRecord(key, root, temp.resolve("elsewhere").toString());
        StartRecord.Remembered absolute = key.read(root, "x");

        // then
        assertThat(hashed).isNotNull();
        assertThat(hashed.file()).isEqualTo(root.resolve(SHA).resolve("libx.so"));
        assertThat(climbing).isNull();
        assertThat(absolute).isNull();
    }

    private static Path privateDirectory(Path dir) throws Exception {
        return Files.createDirectory(
                dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private static void sealedFile(Path file) throws Exception {
        Files.write(file, new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    }

    private static void writeRecord(StartRecord key, Path root, String sha256) throws Exception {
        StringBuilder text = new StringBuilder();
        StartRecord.line(text, "environment", "environment of this test");
        StartRecord.line(text, "files", "0");
        StartRecord.line(text, "triple", "x86_64-unknown-linux-gnu");
        StartRecord.line(text, "sha256", sha256);
        StartRecord.line(text, "fileName", "libx.so");
        StartRecord.line(text, "size", "3");
        StartRecord.line(text, "explanation", "written by the test");
        Path record = key.file(root, "x");
        Files.deleteIfExists(record);
        Files.write(record, text.toString().getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(record, PosixFilePermissions.fromString("r--------"));
    }
}
