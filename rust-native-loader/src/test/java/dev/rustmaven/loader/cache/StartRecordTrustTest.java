package dev.rustmaven.loader.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.loader.platform.HostRequirement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
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
        Path jar = sealedFile(temp.resolve("natives.jar"));

        // when
        writeRecord(key, root, SHA, jar);
        StartRecord hashed = key.read(root, "x");
        writeRecord(key, root, "../elsewhere", jar);
        StartRecord climbing = key.read(root, "x");
        writeRecord(key, root, temp.resolve("elsewhere").toString(), jar);
        StartRecord absolute = key.read(root, "x");

        // then
        assertThat(hashed).isNotNull();
        assertThat(hashed.copy()).isEqualTo(root.resolve(SHA).resolve("libx.so"));
        assertThat(climbing).isNull();
        assertThat(absolute).isNull();
    }

    @Test
    void aRecordIsOnlyUsedWhileTheJarsItNamesAreTheVeryFilesItSaw() throws Exception {
        HostRequirement.require(Files.isDirectory(Paths.get("/proc/self")), "needs Linux: /proc/self tells the user");
        // given
        Path root = privateDirectory(temp.resolve("root"));
        sealedFile(privateDirectory(root.resolve(SHA)).resolve("libx.so"));
        StartRecord key = new StartRecord("environment of this test", List.of());
        Path jar = sealedFile(temp.resolve("natives.jar"));
        Path other = sealedFile(temp.resolve("other.jar"));

        // when
        writeRecord(key, root, SHA, jar, other);
        StartRecord both = key.read(root, "x");
        writeRecord(key, root, SHA);
        StartRecord none = key.read(root, "x");
        writeRecord(key, root, SHA, jar, other);
        // another file of the same size and time put in its place, as a build or a package manager does (made
        // before the old one goes, so that it is another inode)
        Path replacement = sealedFile(temp.resolve("replacement.jar"));
        Files.setLastModifiedTime(replacement, Files.getLastModifiedTime(other));
        Files.move(replacement, other, StandardCopyOption.REPLACE_EXISTING);
        StartRecord replaced = key.read(root, "x");

        // then
        assertThat(both).isNotNull();
        assertThat(none).as("a record that names no jar").isNull();
        assertThat(replaced)
                .as("a jar replaced by another of the same size and time")
                .isNull();
    }

    @Test
    void aRecordOfAKeyThatDiffersOnlyInAFilesIdentityIsNotUsed() throws Exception {
        HostRequirement.require(Files.isDirectory(Paths.get("/proc/self")), "needs Linux: /proc/self tells the user");
        // given: a record written by a start whose class path jar had another modification time
        Path root = privateDirectory(temp.resolve("root"));
        sealedFile(privateDirectory(root.resolve(SHA)).resolve("libx.so"));
        Path jar = sealedFile(temp.resolve("natives.jar"));
        StartRecord then = new StartRecord("environment of this test", List.of("/app/app.jar 1371:1700000000000"));
        StartRecord now = new StartRecord("environment of this test", List.of("/app/app.jar 1371:1700000001000"));

        // when
        writeRecord(then, root, SHA, jar);

        // then
        assertThat(then.read(root, "x")).isNotNull();
        assertThat(now.file(root, "x"))
                .as("the same record file: its name hashes the environment only")
                .isEqualTo(then.file(root, "x"));
        assertThat(now.read(root, "x")).isNull();
    }

    @Test
    void aRecordIsOnlyUsedFromARootAndAHashDirectoryThatNobodyElseMayWrite() throws Exception {
        HostRequirement.require(Files.isDirectory(Paths.get("/proc/self")), "needs Linux: /proc/self tells the user");
        // given: a usable record, then the same root and hash directory opened to others one way or another
        Path root = privateDirectory(temp.resolve("root"));
        Path hashDir = privateDirectory(root.resolve(SHA));
        sealedFile(hashDir.resolve("libx.so"));
        Path jar = sealedFile(temp.resolve("natives.jar"));
        StartRecord key = new StartRecord("environment of this test", List.of());
        writeRecord(key, root, SHA, jar);
        Path link = Files.createSymbolicLink(temp.resolve("link-to-root"), root);

        // when
        StartRecord usable = key.read(root, "x");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwx---"));
        StartRecord groupWritableRoot = key.read(root, "x");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        StartRecord worldWritableRoot = key.read(root, "x");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        StartRecord throughALink = key.read(link, "x");
        Files.setPosixFilePermissions(hashDir, PosixFilePermissions.fromString("rwxrwxr-x"));
        StartRecord groupWritableHashDir = key.read(root, "x");
        Files.setPosixFilePermissions(hashDir, PosixFilePermissions.fromString("rwx------"));

        // then
        assertThat(usable).isNotNull();
        assertThat(groupWritableRoot).as("a root the group may write").isNull();
        assertThat(worldWritableRoot).as("a root anybody may write").isNull();
        assertThat(throughALink).as("a root that is a symbolic link").isNull();
        assertThat(groupWritableHashDir)
                .as("a hash directory the group may write")
                .isNull();
        assertThat(key.read(root, "x")).as("the same again, closed").isNotNull();
    }

    private static Path privateDirectory(Path dir) throws Exception {
        return Files.createDirectory(
                dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private static Path sealedFile(Path file) throws Exception {
        Files.write(file, new byte[] {1, 2, 3});
        return Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    }

    private static void writeRecord(StartRecord key, Path root, String sha256, Path... sources) throws Exception {
        StringBuilder text = new StringBuilder(StartRecord.HEADER).append('\n');
        StartRecordWriter.field(text, "key", key.key());
        for (Path source : sources) {
            StartRecordWriter.field(text, "source", StartRecord.sourceIdentity(source.toString()) + " " + source);
        }
        StartRecordWriter.field(text, "triple", "x86_64-unknown-linux-gnu");
        StartRecordWriter.field(text, "sha256", sha256);
        StartRecordWriter.field(text, "fileName", "libx.so");
        StartRecordWriter.field(text, "size", "3");
        StartRecordWriter.field(text, "explanation", "written by the test");
        Path record = key.file(root, "x");
        Files.deleteIfExists(record);
        Files.write(record, text.toString().getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(record, PosixFilePermissions.fromString("r--------"));
    }
}
