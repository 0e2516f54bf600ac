package dev.rustmaven.glibc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.log.RecordingLog;
import dev.rustmaven.triple.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlibcStubsTest {

    @TempDir
    Path cache;

    @Test
    void writesEveryLibraryOfTheFloorWithItsLinkName() throws Exception {
        // when
        GlibcStubs.StubSet set = new GlibcStubs(cache, new RecordingLog())
                .stubs(Target.parse("arm-unknown-linux-gnueabihf"), GlibcVersion.parse("2.31"));

        // then
        try (Stream<Path> files = Files.list(set.directory())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "libc.so.6",
                            "libc.so",
                            "libm.so.6",
                            "libm.so",
                            "libgcc_s.so.1",
                            "libgcc_s.so",
                            "ld-linux-armhf.so.3",
                            "libpthread.so.0",
                            "libpthread.so",
                            "libdl.so.2",
                            "libdl.so",
                            "librt.so.1",
                            "librt.so",
                            "libutil.so.1",
                            "libutil.so");
        }
        assertThat(set.loader().getFileName().toString()).isEqualTo("ld-linux-armhf.so.3");
        assertThat(Files.readAllBytes(set.directory().resolve("libc.so")))
                .isEqualTo(Files.readAllBytes(set.directory().resolve("libc.so.6")));
        assertThat(set.directory().getFileName().toString()).startsWith("arm-glibc2.31-5000400-");
    }

    @Test
    void fromGlibc234OnTheMergedLibrariesAreEmptyArchivesAsInGlibcsOwnDevelopmentFiles() throws Exception {
        // when
        GlibcStubs.StubSet set = new GlibcStubs(cache, new RecordingLog())
                .stubs(Target.parse("aarch64-unknown-linux-gnu"), GlibcVersion.parse("2.36"));

        // then: -lpthread (which Rust's standard library asks for) still resolves, to nothing
        try (Stream<Path> files = Files.list(set.directory())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .contains("libc.so.6", "libpthread.a", "libdl.a", "librt.a", "libutil.a")
                    .doesNotContain("libpthread.so", "libpthread.so.0");
        }
        assertThat(Files.readString(set.directory().resolve("libpthread.a"))).isEqualTo("!<arch>\n");
    }

    @Test
    void reusesAGeneratedDirectory() throws Exception {
        // given
        GlibcStubs stubs = new GlibcStubs(cache, new RecordingLog());
        GlibcStubs.StubSet first = stubs.stubs(Target.parse("aarch64-unknown-linux-gnu"), GlibcVersion.parse("2.36"));
        Path libc = first.directory().resolve("libc.so.6");
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(libc, old);

        // when
        GlibcStubs.StubSet second = stubs.stubs(Target.parse("aarch64-unknown-linux-gnu"), GlibcVersion.parse("2.36"));

        // then
        assertThat(second.directory()).isEqualTo(first.directory());
        assertThat(Files.getLastModifiedTime(libc)).isEqualTo(old);
        try (Stream<Path> entries = Files.list(cache)) {
            assertThat(entries).hasSize(1);
        }
    }

    @Test
    void keysSoftAndHardFloatArmApart() throws Exception {
        // given
        GlibcStubs stubs = new GlibcStubs(cache, new RecordingLog());

        // when
        Path hard = stubs.stubs(Target.parse("armv7-unknown-linux-gnueabihf"), GlibcVersion.parse("2.28"))
                .directory();
        Path soft = stubs.stubs(Target.parse("armv7-unknown-linux-gnueabi"), GlibcVersion.parse("2.28"))
                .directory();

        // then
        assertThat(hard).isNotEqualTo(soft);
        byte[] softElf = Files.readAllBytes(soft.resolve("libc.so.6"));
        assertThat(softElf[36] & 0xff | (softElf[37] & 0xff) << 8).isEqualTo(0x200);
    }

    @Test
    void refusesMuslTargets() {
        assertThatThrownBy(() -> new GlibcStubs(cache, new RecordingLog())
                        .stubs(Target.parse("armv7-unknown-linux-musleabihf"), GlibcVersion.parse("2.28")))
                .hasMessageContaining("'armv7-unknown-linux-musleabihf' is not a glibc target");
    }

    @Test
    void derivesLinkNamesFromSonames() {
        assertThat(GlibcStubs.linkName("libgcc_s.so.1")).contains("libgcc_s.so");
        assertThat(GlibcStubs.linkName("ld-linux-aarch64.so.1")).isEmpty();
    }
}
