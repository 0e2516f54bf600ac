package dev.rustmaven.loader.platform;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Detects the {@link Platform} of the running JVM through a {@link Host}.
 *
 * <p>The JVM's own binaries are the first source for the ARM float ABI and the C library: a
 * 32-bit hard-float JVM on a 64-bit kernel needs armhf libraries whatever the kernel is. Detection
 * never fails: a fact it cannot establish is reported as unknown with the reason.
 */
public final class PlatformDetector {

    private static final String[] MULTIARCH = {
        "x86_64-linux-gnu",
        "aarch64-linux-gnu",
        "arm-linux-gnueabihf",
        "arm-linux-gnueabi",
        "i386-linux-gnu",
        "riscv64-linux-gnu",
        "powerpc64le-linux-gnu",
        "s390x-linux-gnu",
        "loongarch64-linux-gnu"
    };

    private final Host host;
    private String maps;
    private boolean mapsRead;
    private List<String> mapped;

    /** Detects through the given host; use {@link Host#system()} for the running JVM. */
    public PlatformDetector(Host host) {
        this.host = host;
    }

    /** Detects every fact. */
    public Platform detect() {
        Platform.Builder b = Platform.builder();
        String osName = host.property("os.name");
        String osArch = host.property("os.arch");
        Platform.Os os = Platform.Os.fromOsName(osName);
        Platform.Arch arch = Platform.Arch.fromOsArch(osArch);
        b.os(os).arch(arch).evidence("os.name=" + osName + ", os.arch=" + osArch);
        if (arch == Platform.Arch.ARM) {
            Fact<Platform.FloatAbi> abi = floatAbi();
            b.floatAbi(abi.found() ? abi.value() : Platform.FloatAbi.UNKNOWN).evidence("float ABI: " + abi.evidence());
            ArmCpu cpu = armCpu();
            b.armVersion(cpu.version()).neon(cpu.neon()).evidence("ARM version: " + cpu.evidence());
        }
        if (os == Platform.Os.LINUX) {
            Fact<Platform.Libc> libc = libc();
            b.evidence("libc: " + libc.evidence());
            if (libc.value() == Platform.Libc.GLIBC) {
                Fact<String> version = glibcVersion();
                b.libc(Platform.Libc.GLIBC, version.value()).evidence("glibc version: " + version.evidence());
            } else {
                b.libc(libc.found() ? libc.value() : Platform.Libc.UNKNOWN, null);
            }
        }
        return b.build();
    }

    /** The float ABI of a 32-bit ARM JVM, from its ELF files, then hints in properties and maps. */
    public Fact<Platform.FloatAbi> floatAbi() {
        List<String> looked = new ArrayList<>();
        for (String path : jvmBinaries()) {
            try (ByteSource source = host.open(path)) {
                if (source == null) {
                    continue;
                }
                looked.add(path);
                ElfFile elf = ElfFile.read(source);
                if (elf.machine() != ElfFile.EM_ARM) {
                    continue;
                }
                String flags = "e_flags 0x" + Integer.toHexString(elf.flags()) + " of " + path;
                if ((elf.flags() & ElfFile.EF_ARM_ABI_FLOAT_HARD) != 0) {
                    return Fact.of(Platform.FloatAbi.HARD, flags + " (EF_ARM_ABI_FLOAT_HARD)");
                }
                if ((elf.flags() & ElfFile.EF_ARM_ABI_FLOAT_SOFT) != 0) {
                    return Fact.of(Platform.FloatAbi.SOFT, flags + " (EF_ARM_ABI_FLOAT_SOFT)");
                }
                Long vfpArgs = ArmAttributes.parse(elf.sectionOfType(ElfFile.SHT_ARM_ATTRIBUTES), elf.isLittleEndian())
                        .get(ArmAttributes.TAG_ABI_VFP_ARGS);
                if (vfpArgs != null) {
                    return Fact.of(
                            vfpArgs == 1 ? Platform.FloatAbi.HARD : Platform.FloatAbi.SOFT,
                            "Tag_ABI_VFP_args=" + vfpArgs + " in .ARM.attributes of " + path);
                }
                Platform.FloatAbi fromInterpreter = floatAbiOfInterpreter(elf.interpreter());
                if (fromInterpreter != null) {
                    return Fact.of(fromInterpreter, "program interpreter " + elf.interpreter() + " of " + path);
                }
            } catch (IOException e) {
                looked.add(path + " (" + e.getMessage() + ")");
            }
        }
        String abi = host.property("sun.arch.abi");
        if (abi != null && abi.contains("gnueabihf")) {
            return Fact.of(Platform.FloatAbi.HARD, "sun.arch.abi=" + abi);
        }
        if (abi != null && abi.contains("gnueabi")) {
            return Fact.of(Platform.FloatAbi.SOFT, "sun.arch.abi=" + abi);
        }
        String maps = maps();
        if (maps != null && maps.contains("/arm-linux-gnueabihf/")) {
            return Fact.of(Platform.FloatAbi.HARD, "/proc/self/maps maps libraries from arm-linux-gnueabihf");
        }
        if (maps != null && maps.contains("/arm-linux-gnueabi/")) {
            return Fact.of(Platform.FloatAbi.SOFT, "/proc/self/maps maps libraries from arm-linux-gnueabi");
        }
        return Fact.none("no ARM float ABI marker in " + (looked.isEmpty() ? "any JVM binary (none found)" : looked));
    }

    /** ARM version and NEON: {@code /proc/cpuinfo} first, then AT_HWCAP, else unknown. */
    public ArmCpu armCpu() {
        String cpuinfo = text("/proc/cpuinfo");
        ArmCpu fromCpuInfo = cpuinfo == null ? ArmCpu.unknown("/proc/cpuinfo unreadable") : ArmCpu.fromCpuInfo(cpuinfo);
        if (fromCpuInfo.version() != 0) {
            return fromCpuInfo;
        }
        byte[] auxv = host.readSmallFile("/proc/self/auxv");
        if (auxv != null) {
            Platform.Arch arch = Platform.Arch.fromOsArch(host.property("os.arch"));
            Map<Long, Long> entries =
                    Auxv.parse(auxv, arch.is32Bit() ? 4 : 8, ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
            ArmCpu fromAuxv = ArmCpu.fromAuxv(entries);
            if (fromAuxv.version() != 0) {
                return fromAuxv;
            }
        }
        return ArmCpu.unknown(fromCpuInfo.evidence() + "; /proc/self/auxv gave no AT_HWCAP");
    }

    /** glibc or musl: the libraries mapped into this process, then the JVM's interpreter, then /lib. */
    public Fact<Platform.Libc> libc() {
        List<String> mapped = mapped();
        if (mapped != null) {
            for (String path : mapped) {
                String file = path.substring(path.lastIndexOf('/') + 1);
                if (file.startsWith("ld-musl-") || file.startsWith("libc.musl-")) {
                    return Fact.of(Platform.Libc.MUSL, "/proc/self/maps maps " + path);
                }
                if (isLibc(file)) {
                    return Fact.of(Platform.Libc.GLIBC, "/proc/self/maps maps " + path);
                }
            }
        }
        for (String path : launchers()) {
            try (ByteSource source = host.open(path)) {
                if (source == null) {
                    continue;
                }
                String interpreter = ElfFile.read(source).interpreter();
                if (interpreter != null && interpreter.contains("ld-musl")) {
                    return Fact.of(Platform.Libc.MUSL, "program interpreter " + interpreter + " of " + path);
                }
                if (interpreter != null && (interpreter.contains("ld-linux") || interpreter.contains("ld64.so"))) {
                    return Fact.of(Platform.Libc.GLIBC, "program interpreter " + interpreter + " of " + path);
                }
            } catch (IOException e) {
                // not an ELF launcher; the file checks below still apply
            }
        }
        for (String name : host.list("/lib")) {
            if (name.startsWith("ld-musl-") && name.endsWith(".so.1")) {
                return Fact.of(Platform.Libc.MUSL, "/lib/" + name + " exists");
            }
        }
        String libc = findLibcFile();
        if (libc != null) {
            return Fact.of(Platform.Libc.GLIBC, libc + " exists");
        }
        return Fact.none(
                "no libc in /proc/self/maps, no interpreter in the JVM launcher, no /lib/ld-musl-*.so.1 or libc.so.6");
    }

    /** The running glibc's version: the libc.so.6 mapped into this process, else the usual paths. */
    public Fact<String> glibcVersion() {
        List<String> mapped = mapped();
        String libc = null;
        if (mapped != null) {
            for (String path : mapped) {
                String file = path.substring(path.lastIndexOf('/') + 1);
                if (isLibc(file)) {
                    libc = path;
                    break;
                }
            }
        }
        if (libc == null) {
            libc = findLibcFile();
        }
        if (libc == null) {
            return Fact.none("libc.so.6 not found in /proc/self/maps nor in /lib, /lib64, /usr/lib");
        }
        return GlibcProbe.versionOf(host, libc);
    }

    /** {@code libc.so.6}, or {@code libc-2.28.so} as glibc before 2.34 names it. */
    private static boolean isLibc(String fileName) {
        return fileName.equals("libc.so.6")
                || fileName.startsWith("libc-") && GlibcProbe.versionInFileName(fileName) != null;
    }

    private String findLibcFile() {
        List<String> paths = new ArrayList<>();
        for (String prefix : new String[] {"/lib", "/usr/lib"}) {
            for (String multiarch : MULTIARCH) {
                paths.add(prefix + "/" + multiarch + "/libc.so.6");
            }
        }
        for (String dir : new String[] {"/lib64", "/lib", "/usr/lib64", "/usr/lib"}) {
            paths.add(dir + "/libc.so.6");
        }
        for (String path : paths) {
            if (host.exists(path)) {
                return path;
            }
        }
        return null;
    }

    /** The JVM's binaries, the library first: it holds the code that calls into JNI libraries. */
    private List<String> jvmBinaries() {
        List<String> paths = new ArrayList<>();
        String javaHome = host.property("java.home");
        String osArch = host.property("os.arch");
        if (javaHome != null) {
            for (String vm : new String[] {"server", "client", "minimal"}) {
                paths.add(javaHome + "/lib/" + vm + "/libjvm.so");
                if (osArch != null) {
                    paths.add(javaHome + "/lib/" + osArch + "/" + vm + "/libjvm.so");
                }
            }
        }
        paths.addAll(launchers());
        return paths;
    }

    private List<String> launchers() {
        List<String> paths = new ArrayList<>();
        String javaHome = host.property("java.home");
        if (javaHome != null) {
            paths.add(javaHome + "/bin/java");
        }
        paths.add("/proc/self/exe");
        return paths;
    }

    private static Platform.FloatAbi floatAbiOfInterpreter(String interpreter) {
        if (interpreter == null) {
            return null;
        }
        if (interpreter.contains("armhf")) {
            return Platform.FloatAbi.HARD;
        }
        if (interpreter.endsWith("/ld-linux.so.3") || interpreter.endsWith("/ld-musl-arm.so.1")) {
            return Platform.FloatAbi.SOFT;
        }
        return null;
    }

    /** The file paths in /proc/self/maps lines, in order. */
    static List<String> mappedPaths(String maps) {
        List<String> out = new ArrayList<>();
        for (String line : maps.split("\n")) {
            int slash = line.indexOf(" /");
            if (slash < 0) {
                continue;
            }
            String path = line.substring(slash + 1).trim();
            if (path.endsWith(" (deleted)")) {
                path = path.substring(0, path.length() - " (deleted)".length());
            }
            if (!out.contains(path)) {
                out.add(path);
            }
        }
        return out;
    }

    /** The file paths of /proc/self/maps, or null if it is unreadable; worked out once per detector. */
    private List<String> mapped() {
        if (mapped == null && maps() != null) {
            mapped = mappedPaths(maps());
        }
        return mapped;
    }

    /** /proc/self/maps, read once per detector: it is consulted for several facts. */
    private String maps() {
        if (!mapsRead) {
            maps = text("/proc/self/maps");
            mapsRead = true;
        }
        return maps;
    }

    private String text(String path) {
        byte[] data = host.readSmallFile(path);
        return data == null ? null : new String(data, StandardCharsets.ISO_8859_1);
    }
}
