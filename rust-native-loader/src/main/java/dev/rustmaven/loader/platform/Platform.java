package dev.rustmaven.loader.platform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What was detected about the running JVM: immutable, with the evidence behind each fact so that a
 * failure message can show why a library was or was not chosen.
 */
public final class Platform {

    /** Operating system families the loader knows. */
    public enum Os {
        LINUX,
        MACOS,
        WINDOWS,
        FREEBSD,
        OTHER;

        /** Maps the {@code os.name} system property. */
        public static Os fromOsName(String osName) {
            String n = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
            if (n.startsWith("linux")) {
                return LINUX;
            }
            if (n.startsWith("mac") || n.startsWith("darwin")) {
                return MACOS;
            }
            if (n.startsWith("windows")) {
                return WINDOWS;
            }
            if (n.startsWith("freebsd")) {
                return FREEBSD;
            }
            return OTHER;
        }
    }

    /** CPU architectures of the JVM process (not of the kernel: a 32-bit JVM on a 64-bit kernel is ARM). */
    public enum Arch {
        X86_64,
        X86,
        AARCH64,
        ARM,
        RISCV64,
        PPC64LE,
        S390X,
        LOONGARCH64,
        OTHER;

        /** Maps the {@code os.arch} system property. */
        public static Arch fromOsArch(String osArch) {
            String a = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT);
            switch (a) {
                case "amd64":
                case "x86_64":
                case "x86-64":
                    return X86_64;
                case "x86":
                case "i386":
                case "i486":
                case "i586":
                case "i686":
                    return X86;
                case "aarch64":
                case "arm64":
                    return AARCH64;
                case "riscv64":
                    return RISCV64;
                case "ppc64le":
                    return PPC64LE;
                case "s390x":
                    return S390X;
                case "loongarch64":
                    return LOONGARCH64;
                default:
                    return a.startsWith("arm") || a.equals("aarch32") ? ARM : OTHER;
            }
        }

        /** True for 32-bit architectures. */
        public boolean is32Bit() {
            return this == X86 || this == ARM;
        }
    }

    /** How a 32-bit ARM process passes floating-point arguments. */
    public enum FloatAbi {
        /** Not ARM: the question does not arise. */
        NOT_APPLICABLE,
        /** VFP registers (armhf, "gnueabihf"). */
        HARD,
        /** Integer registers (armel, "gnueabi"). */
        SOFT,
        UNKNOWN
    }

    /** The C library the JVM runs on. */
    public enum Libc {
        GLIBC,
        MUSL,
        UNKNOWN,
        /** Not Linux. */
        NOT_APPLICABLE
    }

    private final Os os;
    private final Arch arch;
    private final FloatAbi floatAbi;
    private final int armVersion;
    private final boolean neon;
    private final Libc libc;
    private final String libcVersion;
    private final List<String> evidence;

    private Platform(Builder b) {
        this.os = b.os;
        this.arch = b.arch;
        this.floatAbi = b.floatAbi;
        this.armVersion = b.armVersion;
        this.neon = b.neon;
        this.libc = b.libc;
        this.libcVersion = b.libcVersion;
        this.evidence = Collections.unmodifiableList(new ArrayList<>(b.evidence));
    }

    /** A builder; tests and callers with their own knowledge use it to skip detection. */
    public static Builder builder() {
        return new Builder();
    }

    public Os os() {
        return os;
    }

    public Arch arch() {
        return arch;
    }

    public FloatAbi floatAbi() {
        return floatAbi;
    }

    /** ARM architecture version (6, 7, 8) of a 32-bit ARM process; 0 if unknown or not ARM. */
    public int armVersion() {
        return armVersion;
    }

    /** True if a 32-bit ARM core has NEON. */
    public boolean neon() {
        return neon;
    }

    public Libc libc() {
        return libc;
    }

    /** The C library version, e.g. {@code 2.36} for glibc; null if unknown. */
    public String libcVersion() {
        return libcVersion;
    }

    /** How each fact was found, one line each. */
    public List<String> evidence() {
        return evidence;
    }

    /** One line, e.g. {@code linux arm (hard-float, ARMv6, no NEON), glibc 2.36}. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(os.name().toLowerCase(Locale.ROOT))
                .append(' ')
                .append(arch.name().toLowerCase(Locale.ROOT));
        if (arch == Arch.ARM) {
            s.append(" (")
                    .append(
                            floatAbi == FloatAbi.HARD
                                    ? "hard-float"
                                    : floatAbi == FloatAbi.SOFT ? "soft-float" : "float ABI unknown");
            s.append(", ").append(armVersion == 0 ? "ARM version unknown" : "ARMv" + armVersion);
            s.append(neon ? ", NEON" : ", no NEON").append(')');
        }
        if (libc != Libc.NOT_APPLICABLE) {
            s.append(", ")
                    .append(libc == Libc.UNKNOWN ? "libc unknown" : libc.name().toLowerCase(Locale.ROOT));
            if (libc != Libc.UNKNOWN) {
                s.append(' ').append(libcVersion == null ? "(version unknown)" : libcVersion);
            }
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Builds a {@link Platform}; unset facts stay unknown. */
    public static final class Builder {
        private Os os = Os.OTHER;
        private Arch arch = Arch.OTHER;
        private FloatAbi floatAbi = FloatAbi.NOT_APPLICABLE;
        private int armVersion;
        private boolean neon;
        private Libc libc = Libc.NOT_APPLICABLE;
        private String libcVersion;
        private final List<String> evidence = new ArrayList<>();

        private Builder() {}

        public Builder os(Os value) {
            this.os = value;
            return this;
        }

        public Builder arch(Arch value) {
            this.arch = value;
            return this;
        }

        public Builder floatAbi(FloatAbi value) {
            this.floatAbi = value;
            return this;
        }

        public Builder armVersion(int value) {
            this.armVersion = value;
            return this;
        }

        public Builder neon(boolean value) {
            this.neon = value;
            return this;
        }

        public Builder libc(Libc value, String version) {
            this.libc = value;
            this.libcVersion = version;
            return this;
        }

        /** Adds a line saying how a fact was found. */
        public Builder evidence(String line) {
            this.evidence.add(line);
            return this;
        }

        public Platform build() {
            return new Platform(this);
        }
    }
}
