package dev.rustmaven.loader;

import dev.rustmaven.loader.platform.ByteSource;
import dev.rustmaven.loader.platform.ElfFile;
import dev.rustmaven.loader.platform.Versions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Looks at a candidate library's own bytes before the JVM is asked to load it: a file that is not
 * ELF, is built for another architecture, class, byte order or float ABI, is not a shared object,
 * or was cut short is refused with what was found and what the triple expects. The JVM's own errors
 * for these ("invalid ELF header", "wrong ELF class", "can't load IA 32-bit .so on a ARM-bit
 * platform", a crash on a truncated file) come later and say less.
 *
 * <p>Only the start of the resource is read (the ELF and program headers), plus its size when the
 * class loader knows it. Triples of other object formats (Mach-O, PE) are not checked.
 */
final class LibraryFileCheck {

    /** The ELF header and the program headers of any real library fit in this. */
    private static final int PREFIX = 64 * 1024;

    private LibraryFileCheck() {}

    /** What a triple's libraries look like in their ELF header. */
    static final class Expected {
        final boolean is64;
        final boolean littleEndian;
        /** e_machine, or -1 when the architecture is not one the loader knows. */
        final int machine;
        /** "hard" or "soft" for 32-bit ARM, else null. */
        final String floatAbi;

        Expected(boolean is64, boolean littleEndian, int machine, String floatAbi) {
            this.is64 = is64;
            this.littleEndian = littleEndian;
            this.machine = machine;
            this.floatAbi = floatAbi;
        }
    }

    /** The ELF identity of a triple's libraries, or null if the triple's libraries are not ELF. */
    static Expected expected(String triple) {
        if (triple.contains("-apple-") || triple.contains("-windows")) {
            return null;
        }
        String arch = triple.substring(0, Math.max(triple.indexOf('-'), 0));
        if (arch.equals("x86_64")) {
            return new Expected(true, true, ElfFile.EM_X86_64, null);
        }
        if (arch.length() == 4
                && arch.charAt(0) == 'i'
                && arch.charAt(1) >= '3'
                && arch.charAt(1) <= '6'
                && arch.endsWith("86")) {
            return new Expected(false, true, ElfFile.EM_386, null);
        }
        if (arch.equals("aarch64") || arch.equals("aarch64_be")) {
            return new Expected(true, arch.equals("aarch64"), ElfFile.EM_AARCH64, null);
        }
        if (arch.startsWith("arm") || arch.startsWith("thumb")) {
            String abi = triple.endsWith("eabihf") ? "hard" : triple.endsWith("eabi") ? "soft" : null;
            return new Expected(false, !arch.startsWith("armeb"), ElfFile.EM_ARM, abi);
        }
        if (arch.startsWith("riscv64")) {
            return new Expected(true, true, EM_RISCV, null);
        }
        if (arch.equals("powerpc64le")) {
            return new Expected(true, true, EM_PPC64, null);
        }
        if (arch.equals("s390x")) {
            return new Expected(true, false, EM_S390, null);
        }
        if (arch.equals("loongarch64")) {
            return new Expected(true, true, EM_LOONGARCH, null);
        }
        return new Expected(false, true, -1, null);
    }

    private static final int EM_PPC64 = 21;
    private static final int EM_S390 = 22;
    private static final int EM_RISCV = 243;
    private static final int EM_LOONGARCH = 258;

    /**
     * Why the resource cannot be {@code triple}'s library, or null if its headers fit.
     *
     * @throws IOException if the resource cannot be read
     */
    static String refusal(String triple, URL url) throws IOException {
        Expected expected = expected(triple);
        if (expected == null) {
            return null;
        }
        URLConnection connection = url.openConnection();
        long size = connection.getContentLengthLong();
        byte[] prefix;
        try (InputStream in = connection.getInputStream()) {
            prefix = readUpTo(in, PREFIX);
        }
        if (size < 0 && prefix.length < PREFIX) {
            size = prefix.length;
        }
        return refusal(triple, expected, prefix, size);
    }

    /**
     * Why bytes whose start is {@code prefix} cannot be {@code triple}'s library, or null.
     *
     * @param size the whole file's size, or -1 if unknown
     */
    static String refusal(String triple, Expected expected, byte[] prefix, long size) throws IOException {
        String wanted = describe(expected) + " for " + triple;
        if (prefix.length < 4 || prefix[0] != 0x7f || prefix[1] != 'E' || prefix[2] != 'L' || prefix[3] != 'F') {
            if (prefix.length == 0) {
                return "refused before loading: not an ELF file: found an empty file, expected " + wanted;
            }
            return "refused before loading: not an ELF file: found " + start(prefix) + ", expected " + wanted
                    + ", starting 7f 45 4c 46 (\"\\x7fELF\")";
        }
        int headerSize = prefix.length > 4 && prefix[4] == 2 ? 64 : 52;
        if (prefix.length < headerSize) {
            return "refused before loading: truncated: found " + prefix.length + " bytes, expected at least the "
                    + headerSize + " bytes of an ELF header";
        }
        ElfFile elf;
        try {
            elf = ElfFile.read(ByteSource.of(prefix));
        } catch (IOException e) {
            return "refused before loading: damaged ELF header: " + e.getMessage() + ", expected " + wanted;
        }
        // For an architecture the loader does not know, class and byte order are unknown too: only the ELF
        // magic, the type and the size are checked.
        boolean archKnown = expected.machine >= 0;
        if (archKnown
                && (elf.is64Bit() != expected.is64
                        || elf.isLittleEndian() != expected.littleEndian
                        || elf.machine() != expected.machine)) {
            return "refused before loading: wrong architecture: found " + describe(elf) + ", expected " + wanted;
        }
        if (elf.type() != ElfFile.ET_DYN) {
            return "refused before loading: not a shared object: found an ELF of e_type " + elf.type()
                    + (elf.type() == 2 ? " (an executable)" : elf.type() == 1 ? " (an object file)" : "")
                    + ", expected e_type " + ElfFile.ET_DYN + " (a shared object)";
        }
        String floatAbi = armFloatAbi(elf);
        if (expected.floatAbi != null && floatAbi != null && !floatAbi.equals(expected.floatAbi)) {
            return "refused before loading: wrong float ABI: found " + floatAbi + "-float code (e_flags 0x"
                    + Integer.toHexString(elf.flags()) + "), expected " + expected.floatAbi + "-float for " + triple;
        }
        long needed = elf.minimumSize();
        if (size >= 0 && needed > size) {
            return "refused before loading: truncated: found " + size + " bytes, expected at least " + needed
                    + " (where its ELF headers say its last part ends)";
        }
        return null;
    }

    /** "hard" or "soft" as e_flags of a 32-bit ARM file say, or null. */
    private static String armFloatAbi(ElfFile elf) {
        if (elf.machine() != ElfFile.EM_ARM) {
            return null;
        }
        if ((elf.flags() & ElfFile.EF_ARM_ABI_FLOAT_HARD) != 0) {
            return "hard";
        }
        return (elf.flags() & ElfFile.EF_ARM_ABI_FLOAT_SOFT) != 0 ? "soft" : null;
    }

    /** Where a resource is, for messages: the entry and its jar, or the file. */
    static String location(String resource, URL url) {
        String u = url.toString();
        if ("jar".equals(url.getProtocol()) && u.contains("!/")) {
            String jar = u.substring("jar:".length(), u.indexOf("!/"));
            try {
                return resource + " in " + Paths.get(new URL(jar).toURI());
            } catch (IOException | URISyntaxException | IllegalArgumentException e) {
                return resource + " in " + jar;
            }
        }
        Path plain = ResourceLookup.plainFile(url);
        return plain != null ? plain.toString() : u;
    }

    /** "an ELF 64-bit LSB x86-64 shared object (e_machine 62)". */
    private static String describe(Expected e) {
        if (e.machine < 0) {
            return "an ELF shared object";
        }
        return "an ELF " + (e.is64 ? "64" : "32") + "-bit " + (e.littleEndian ? "LSB" : "MSB") + " "
                + machineName(e.machine) + " shared object (e_machine " + e.machine + ")";
    }

    /** "an ELF 32-bit LSB ARM file (e_machine 40)". */
    private static String describe(ElfFile elf) {
        return "an ELF " + (elf.is64Bit() ? "64" : "32") + "-bit " + (elf.isLittleEndian() ? "LSB" : "MSB") + " "
                + machineName(elf.machine()) + " file (e_machine " + elf.machine() + ")";
    }

    private static String machineName(int machine) {
        switch (machine) {
            case ElfFile.EM_386:
                return "x86";
            case ElfFile.EM_ARM:
                return "ARM";
            case ElfFile.EM_X86_64:
                return "x86-64";
            case ElfFile.EM_AARCH64:
                return "AArch64";
            case EM_PPC64:
                return "PowerPC64";
            case EM_S390:
                return "S/390";
            case EM_RISCV:
                return "RISC-V";
            case EM_LOONGARCH:
                return "LoongArch";
            default:
                return "machine";
        }
    }

    /** The first bytes as hex, with their printable text: what a zip, HTML page or text file starts with. */
    private static String start(byte[] prefix) {
        byte[] first = Arrays.copyOf(prefix, Math.min(prefix.length, 8));
        StringBuilder hex = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (byte b : first) {
            hex.append(hex.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02x", b & 0xff));
            text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return "bytes " + hex + " (\"" + text + "\")";
    }

    private static byte[] readUpTo(InputStream in, int limit) throws IOException {
        byte[] buffer = new byte[limit];
        int total = 0;
        int n;
        while (total < limit && (n = in.read(buffer, total, limit - total)) > 0) {
            total += n;
        }
        return Arrays.copyOf(buffer, total);
    }

    /** The newest {@code GLIBC_x.y} among an ELF file's version needs, or null if it needs none. */
    static String newestGlibcNeed(List<String> needs) {
        String newest = null;
        for (String need : needs) {
            if (need.startsWith("GLIBC_")) {
                String version = need.substring("GLIBC_".length());
                if (Versions.isVersion(version) && (newest == null || Versions.compare(version, newest) > 0)) {
                    newest = version;
                }
            }
        }
        return newest;
    }
}
