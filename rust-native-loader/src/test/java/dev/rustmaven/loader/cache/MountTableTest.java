package dev.rustmaven.loader.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MountTableTest {

    /** A Pi with /tmp and /home/pi/.cache on noexec tmpfs, a USB stick with a space in its name. */
    static final String MOUNTINFO = ""
            + "22 1 179:2 / / rw,noatime shared:1 - ext4 /dev/root rw\n"
            + "23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
            + "30 22 0:27 / /tmp rw,nosuid,nodev,noexec,relatime shared:14 - tmpfs tmpfs rw\n"
            + "31 22 0:28 / /home/pi/.cache rw,nosuid,nodev,noexec shared:15 - tmpfs tmpfs rw\n"
            + "32 22 8:1 / /media/pi/USB\\040STICK rw,nosuid,nodev,relatime shared:16 - vfat /dev/sda1 rw\n"
            + "33 30 0:29 / /tmp/exec rw,relatime shared:17 - tmpfs tmpfs rw\n"
            + "garbage line\n";

    @Test
    void findsTheLongestMountPointThatContainsAPath() {
        // given
        MountTable table = MountTable.parse(MOUNTINFO);

        // then
        assertThat(table.mountOf("/tmp/rust-native-loader-pi").mountPoint()).isEqualTo("/tmp");
        assertThat(table.mountOf("/tmp/rust-native-loader-pi").isNoExec()).isTrue();
        assertThat(table.mountOf("/tmp/exec/lib").isNoExec()).isFalse();
        assertThat(table.mountOf("/home/pi/.cache/rust-native-loader").isNoExec())
                .isTrue();
        assertThat(table.mountOf("/home/pi/.cachet").mountPoint())
                .as("a name prefix is not a path prefix")
                .isEqualTo("/");
        assertThat(table.mountOf("/home/pi/lib").isNoExec()).isFalse();
    }

    @Test
    void unescapesOctalSpacesInMountPoints() {
        // given
        MountTable table = MountTable.parse(MOUNTINFO);

        // when
        MountTable.Mount mount = table.mountOf("/media/pi/USB STICK/cache");

        // then
        assertThat(mount.mountPoint()).isEqualTo("/media/pi/USB STICK");
        assertThat(mount.options()).contains("nodev").doesNotContain("noexec");
    }

    @Test
    void theLaterOfTwoMountsOnTheSamePointWins() {
        // given: /tmp first mounted exec, then over-mounted noexec
        String info = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
                + "2 1 0:20 / /tmp rw,relatime - tmpfs tmpfs rw\n"
                + "3 2 0:21 / /tmp rw,noexec - tmpfs tmpfs rw\n";

        // then
        assertThat(MountTable.parse(info).mountOf("/tmp/x").isNoExec()).isTrue();
    }

    @Test
    void readsThisMachinesMountTable() throws Exception {
        // given
        java.nio.file.Path info = java.nio.file.Paths.get("/proc/self/mountinfo");
        dev.rustmaven.loader.platform.HostRequirement.require(
                java.nio.file.Files.isReadable(info), "needs /proc/self/mountinfo");

        // when
        MountTable table = MountTable.parse(new String(java.nio.file.Files.readAllBytes(info), "UTF-8"));

        // then: /proc is never a place for code
        assertThat(table.mountOf("/")).isNotNull();
        assertThat(table.mountOf("/proc/self").mountPoint()).isEqualTo("/proc");
    }
}
