package dev.rustmaven.loader.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlatformDetectorTest {

    private static final String JAVA_HOME = "/usr/lib/jvm/java-17-openjdk-armhf";

    static byte[] fakeLibc(String version) {
        String banner =
                "GNU C Library (Debian GLIBC " + version + "-9+rpt2+deb12u4) stable release version " + version + ".\n";
        return new ElfBuilder()
                .section(".rodata", 1, banner.getBytes(StandardCharsets.ISO_8859_1))
                .build();
    }

    static String maps(String... paths) {
        StringBuilder s =
                new StringBuilder("00010000-00011000 r-xp 00000000 b3:02 1234   " + JAVA_HOME + "/bin/java\n");
        for (String p : paths) {
            s.append("b6d00000-b6e3f000 r-xp 00000000 b3:02 5678       ")
                    .append(p)
                    .append('\n');
        }
        s.append("befdf000-bf000000 rw-p 00000000 00:00 0          [stack]\n");
        return s.toString();
    }

    /** A 32-bit armhf JVM on Raspberry Pi OS bookworm. */
    static FakeHost armhfBookworm(String cpuinfo) {
        return new FakeHost()
                .property("os.name", "Linux")
                .property("os.arch", "arm")
                .property("java.home", JAVA_HOME)
                .file(
                        JAVA_HOME + "/lib/server/libjvm.so",
                        new ElfBuilder().flags(0x05000400).build())
                .file("/proc/cpuinfo", cpuinfo)
                .file("/proc/self/maps", maps("/usr/lib/arm-linux-gnueabihf/libc.so.6"))
                .file("/usr/lib/arm-linux-gnueabihf/libc.so.6", fakeLibc("2.36"));
    }

    @Test
    void piZeroIsHardFloatArmv6Glibc236() {
        // when
        Platform p = new PlatformDetector(armhfBookworm(Samples.PI_ZERO_CPUINFO)).detect();

        // then
        assertThat(p.os()).isEqualTo(Platform.Os.LINUX);
        assertThat(p.arch()).isEqualTo(Platform.Arch.ARM);
        assertThat(p.floatAbi()).isEqualTo(Platform.FloatAbi.HARD);
        assertThat(p.armVersion()).isEqualTo(6);
        assertThat(p.neon()).isFalse();
        assertThat(p.libc()).isEqualTo(Platform.Libc.GLIBC);
        assertThat(p.libcVersion()).isEqualTo("2.36");
        assertThat(p.describe()).isEqualTo("linux arm (hard-float, ARMv6, no NEON), glibc 2.36");
        assertThat(String.join("\n", p.evidence())).contains("EF_ARM_ABI_FLOAT_HARD", "ARMv6-compatible", "banner");
    }

    @Test
    void pi4With32BitUserlandIsArmv8WithNeon() {
        // when
        Platform p = new PlatformDetector(armhfBookworm(Samples.PI_4_COMPAT_CPUINFO)).detect();

        // then
        assertThat(p.armVersion()).isEqualTo(8);
        assertThat(p.neon()).isTrue();
        assertThat(p.floatAbi()).isEqualTo(Platform.FloatAbi.HARD);
    }

    @Test
    void withoutCpuinfoTheAuxiliaryVectorDecides() {
        // given
        FakeHost host = armhfBookworm("").file("/proc/self/auxv", Samples.auxv32(Samples.PI_3_HWCAP, 0L));

        // when
        Platform p = new PlatformDetector(host).detect();

        // then
        assertThat(p.armVersion()).isEqualTo(7);
        assertThat(p.neon()).isTrue();
        assertThat(String.join("\n", p.evidence())).contains("AT_HWCAP");
    }

    @Test
    void withNothingToReadTheArmVersionIsUnknown() {
        // given
        FakeHost host = armhfBookworm("");

        // when
        Platform p = new PlatformDetector(host).detect();

        // then
        assertThat(p.armVersion()).isZero();
        assertThat(p.describe()).contains("ARM version unknown");
    }

    @Test
    void hardFloatFromVfpArgsAttributeWhenFlagsSayNothing() {
        // given
        byte[] jvm = new ElfBuilder()
                .flags(0x05000000)
                .section(
                        ".ARM.attributes",
                        ElfFile.SHT_ARM_ATTRIBUTES,
                        ElfBuilder.armAttributes("7-A", ArmAttributes.TAG_ABI_VFP_ARGS, 1))
                .build();
        FakeHost host = armhfBookworm(Samples.PI_3_CPUINFO).file(JAVA_HOME + "/lib/server/libjvm.so", jvm);

        // when
        Platform.FloatAbi abi = new PlatformDetector(host).floatAbi().value();

        // then
        assertThat(abi).isEqualTo(Platform.FloatAbi.HARD);
    }

    @Test
    void softFloatFromFlags() {
        // given: Debian armel
        FakeHost host = armhfBookworm(Samples.PI_ZERO_CPUINFO)
                .file(
                        JAVA_HOME + "/lib/server/libjvm.so",
                        new ElfBuilder().flags(0x05000200).build());

        // when
        Fact<Platform.FloatAbi> abi = new PlatformDetector(host).floatAbi();

        // then
        assertThat(abi.value()).isEqualTo(Platform.FloatAbi.SOFT);
        assertThat(abi.evidence()).contains("0x5000200");
    }

    @Test
    void java8LayoutAndLauncherInterpreterGiveTheFloatAbi() {
        // given: Java 8 keeps libjvm.so under lib/arm/client; it carries no float flag, the launcher's interpreter does
        FakeHost host = new FakeHost()
                .property("os.name", "Linux")
                .property("os.arch", "arm")
                .property("java.home", JAVA_HOME)
                .file(
                        JAVA_HOME + "/lib/arm/client/libjvm.so",
                        new ElfBuilder().flags(0x05000000).build())
                .file(
                        JAVA_HOME + "/bin/java",
                        new ElfBuilder()
                                .flags(0x05000000)
                                .interpreter("/lib/ld-linux-armhf.so.3")
                                .build());

        // when
        Fact<Platform.FloatAbi> abi = new PlatformDetector(host).floatAbi();

        // then
        assertThat(abi.value()).isEqualTo(Platform.FloatAbi.HARD);
        assertThat(abi.evidence()).contains("/lib/ld-linux-armhf.so.3");
    }

    @Test
    void floatAbiUnknownWithoutAnyMarker() {
        // given
        FakeHost host = new FakeHost().property("os.name", "Linux").property("os.arch", "arm");

        // when
        Platform p = new PlatformDetector(host).detect();

        // then
        assertThat(p.floatAbi()).isEqualTo(Platform.FloatAbi.UNKNOWN);
        assertThat(p.libc()).isEqualTo(Platform.Libc.UNKNOWN);
    }

    @Test
    void muslFromTheMappedDynamicLoader() {
        // given: Alpine armhf
        FakeHost host = new FakeHost()
                .property("os.name", "Linux")
                .property("os.arch", "arm")
                .property("java.home", JAVA_HOME)
                .file("/proc/self/maps", maps("/lib/ld-musl-armhf.so.1"))
                .file("/proc/cpuinfo", Samples.PI_3_CPUINFO)
                .file(
                        JAVA_HOME + "/bin/java",
                        new ElfBuilder()
                                .flags(0x05000400)
                                .interpreter("/lib/ld-musl-armhf.so.1")
                                .build());

        // when
        Platform p = new PlatformDetector(host).detect();

        // then
        assertThat(p.libc()).isEqualTo(Platform.Libc.MUSL);
        assertThat(p.libcVersion()).isNull();
        assertThat(p.floatAbi()).isEqualTo(Platform.FloatAbi.HARD);
    }

    @Test
    void muslFromTheLauncherInterpreterOrFromLib() {
        // given
        FakeHost byInterpreter = new FakeHost()
                .property("os.name", "Linux")
                .property("os.arch", "aarch64")
                .property("java.home", "/opt/java")
                .file(
                        "/opt/java/bin/java",
                        new ElfBuilder()
                                .machine(ElfFile.EM_AARCH64)
                                .interpreter("/lib/ld-musl-aarch64.so.1")
                                .build());
        FakeHost byFile = new FakeHost()
                .property("os.name", "Linux")
                .property("os.arch", "amd64")
                .file("/lib/ld-musl-x86_64.so.1", new byte[1]);

        // when
        Fact<Platform.Libc> first = new PlatformDetector(byInterpreter).libc();
        Fact<Platform.Libc> second = new PlatformDetector(byFile).libc();

        // then
        assertThat(first.value()).isEqualTo(Platform.Libc.MUSL);
        assertThat(first.evidence()).contains("program interpreter");
        assertThat(second.value()).isEqualTo(Platform.Libc.MUSL);
        assertThat(second.evidence()).contains("/lib/ld-musl-x86_64.so.1");
    }

    @Test
    void busterGlibcVersionFromTheMappedFileName() {
        // given
        FakeHost host = armhfBookworm(Samples.PI_3_CPUINFO)
                .file("/proc/self/maps", maps("/lib/arm-linux-gnueabihf/libc-2.28.so"));

        // when
        Platform p = new PlatformDetector(host).detect();

        // then
        assertThat(p.libc()).isEqualTo(Platform.Libc.GLIBC);
        assertThat(p.libcVersion()).isEqualTo("2.28");
    }

    @Test
    void macAndWindowsNeedNoLinuxFacts() {
        // given
        FakeHost mac = new FakeHost().property("os.name", "Mac OS X").property("os.arch", "aarch64");
        FakeHost windows = new FakeHost().property("os.name", "Windows 11").property("os.arch", "amd64");

        // when
        Platform m = new PlatformDetector(mac).detect();
        Platform w = new PlatformDetector(windows).detect();

        // then
        assertThat(m.describe()).isEqualTo("macos aarch64");
        assertThat(w.describe()).isEqualTo("windows x86_64");
    }

    @Test
    void detectsThisHost() throws Exception {
        // given
        HostRequirement.require(HostRequirement.linuxX8664(), "needs a Linux x86_64 glibc host");

        // when
        Platform p = new PlatformDetector(Host.system()).detect();

        // then
        assertThat(p.os()).isEqualTo(Platform.Os.LINUX);
        assertThat(p.arch()).isEqualTo(Platform.Arch.X86_64);
        assertThat(p.libc()).isEqualTo(Platform.Libc.GLIBC);
        assertThat(p.libcVersion()).isEqualTo(GlibcProbeTest.getconfGlibcVersion());
        assertThat(String.join("\n", p.evidence())).contains("/proc/self/maps");
    }
}
