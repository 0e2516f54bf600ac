package dev.rustmaven.loader.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.loader.platform.FakeHost;
import dev.rustmaven.loader.platform.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** noexec detection with a recorded mount table over real directories (whose real paths it resolves). */
class NoexecProbeTest {

    @TempDir
    Path temp;

    private Path noexec;
    private String mountinfo;

    @BeforeEach
    void noexecMount() throws Exception {
        noexec = Files.createDirectories(temp.resolve("noexec")).toRealPath();
        mountinfo = "1 0 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n" + "2 1 0:30 / " + noexec
                + " rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw\n";
    }

    @Test
    void aDirectoryOnANoexecMountIsRejectedWithItsMountPoint() {
        // given
        NoexecProbe probe = new NoexecProbe(new FakeHost().file("/proc/self/mountinfo", mountinfo), Platform.Os.LINUX);

        // when
        String reason = probe.reason(noexec);

        // then
        assertThat(reason)
                .isEqualTo("on a file system mounted noexec (mount point " + noexec + ", per /proc/self/mountinfo)");
        assertThat(probe.reason(temp)).isNull();
    }

    @Test
    void aDirectoryNotCreatedYetIsJudgedByItsNearestExistingAncestor() {
        // given
        NoexecProbe probe = new NoexecProbe(new FakeHost().file("/proc/self/mountinfo", mountinfo), Platform.Os.LINUX);

        // when
        String reason = probe.reason(noexec.resolve("not/yet"));

        // then
        assertThat(reason).contains("mount point " + noexec);
        assertThat(noexec.resolve("not")).doesNotExist();
    }

    @Test
    void aSymbolicLinkIsJudgedByWhereItLeads() throws Exception {
        // given
        Path link = Files.createSymbolicLink(temp.resolve("link"), noexec);
        NoexecProbe probe = new NoexecProbe(new FakeHost().file("/proc/self/mountinfo", mountinfo), Platform.Os.LINUX);

        // when
        String reason = probe.reason(link.resolve("cache"));

        // then
        assertThat(reason).contains("mount point " + noexec);
    }

    @Test
    void anExecMountInsideANoexecOneIsUsable() throws Exception {
        // given
        Path exec = Files.createDirectories(noexec.resolve("exec"));
        String table = mountinfo + "3 2 0:31 / " + exec + " rw,relatime - tmpfs tmpfs rw\n";
        NoexecProbe probe = new NoexecProbe(new FakeHost().file("/proc/self/mountinfo", table), Platform.Os.LINUX);

        // then
        assertThat(probe.reason(exec.resolve("cache"))).isNull();
    }

    @Test
    void onlyLinuxIsAsked() {
        // given
        NoexecProbe probe = new NoexecProbe(new FakeHost().file("/proc/self/mountinfo", mountinfo), Platform.Os.MACOS);

        // then
        assertThat(probe.reason(noexec)).isNull();
    }

    @Test
    void theMountTableIsReadOnceButAMissingOneIsAskedForAgain() {
        // given
        FakeHost host = new FakeHost();
        NoexecProbe probe = new NoexecProbe(host, Platform.Os.LINUX);

        // when
        String withoutTable = probe.reason(noexec);
        host.file("/proc/self/mountinfo", mountinfo);
        String withTable = probe.reason(noexec);
        host.file("/proc/self/mountinfo", "1 0 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n");
        String afterRemount = probe.reason(noexec);

        // then
        assertThat(withoutTable).isNull();
        assertThat(withTable).contains("mounted noexec");
        assertThat(afterRemount).as("the table read first still counts").contains("mounted noexec");
    }
}
