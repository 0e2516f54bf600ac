package dev.rustmaven.loader.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The few ELF facts the loader needs: class, byte order, machine, flags, the program interpreter,
 * and the contents of selected sections. Reads through a {@link ByteSource}; keeps no file open.
 */
public final class ElfFile {

    /** e_machine of 32-bit x86. */
    public static final int EM_386 = 3;
    /** e_machine of 32-bit ARM. */
    public static final int EM_ARM = 40;
    /** e_machine of x86-64. */
    public static final int EM_X86_64 = 62;
    /** e_machine of AArch64. */
    public static final int EM_AARCH64 = 183;
    /** ARM e_flags bit: the hard-float (VFP argument passing) procedure call standard. */
    public static final int EF_ARM_ABI_FLOAT_HARD = 0x400;
    /** ARM e_flags bit: the soft-float procedure call standard. */
    public static final int EF_ARM_ABI_FLOAT_SOFT = 0x200;
    /** Section type of ARM build attributes ({@code .ARM.attributes}). */
    public static final int SHT_ARM_ATTRIBUTES = 0x70000003;
    /** Section type of symbol version definitions ({@code .gnu.version_d}). */
    public static final int SHT_GNU_VERDEF = 0x6ffffffd;
    /** Section type of symbol version needs ({@code .gnu.version_r}). */
    public static final int SHT_GNU_VERNEED = 0x6ffffffe;
    /** e_type of a shared object (and of a position-independent executable). */
    public static final int ET_DYN = 3;

    private static final int PT_INTERP = 3;
    /** Sections larger than this are not read: nothing the loader looks at is that big. */
    private static final int MAX_SECTION = 32 * 1024 * 1024;

    private final ByteSource source;
    private final boolean is64;
    private final boolean littleEndian;
    private final int type;
    private final int machine;
    private final int flags;
    private final long phoff;
    private final int phentsize;
    private final int phnum;
    private final long shoff;
    private final int shentsize;
    private final int shnum;
    private final int shstrndx;

    private ElfFile(ByteSource source, byte[] header) throws IOException {
        this.source = source;
        if (header.length < 52 || header[0] != 0x7f || header[1] != 'E' || header[2] != 'L' || header[3] != 'F') {
            throw new IOException("not an ELF file (no \\x7fELF magic)");
        }
        if (header[4] != 1 && header[4] != 2) {
            throw new IOException("unknown ELF class " + header[4]);
        }
        if (header[5] != 1 && header[5] != 2) {
            throw new IOException("unknown ELF data encoding " + header[5]);
        }
        this.is64 = header[4] == 2;
        this.littleEndian = header[5] == 1;
        if (is64 && header.length < 64) {
            throw new IOException("truncated ELF64 header");
        }
        this.type = u16(header, 16);
        this.machine = u16(header, 18);
        if (is64) {
            phoff = u64(header, 32);
            shoff = u64(header, 40);
            flags = (int) u32(header, 48);
            phentsize = u16(header, 54);
            phnum = u16(header, 56);
            shentsize = u16(header, 58);
            shnum = u16(header, 60);
            shstrndx = u16(header, 62);
        } else {
            phoff = u32(header, 28);
            shoff = u32(header, 32);
            flags = (int) u32(header, 36);
            phentsize = u16(header, 42);
            phnum = u16(header, 44);
            shentsize = u16(header, 46);
            shnum = u16(header, 48);
            shstrndx = u16(header, 50);
        }
    }

    /**
     * Reads the ELF header from a source; sections and program headers are read on demand from the
     * same source, so keep it open while using the result.
     *
     * @throws IOException if the source is not an ELF file or cannot be read
     */
    public static ElfFile read(ByteSource source) throws IOException {
        return new ElfFile(source, source.read(0, 64));
    }

    /** True for ELFCLASS64. */
    public boolean is64Bit() {
        return is64;
    }

    /** True for ELFDATA2LSB. */
    public boolean isLittleEndian() {
        return littleEndian;
    }

    /** e_type, e.g. {@link #ET_DYN}. */
    public int type() {
        return type;
    }

    /** e_machine, e.g. {@link #EM_ARM}. */
    public int machine() {
        return machine;
    }

    /** e_flags (processor specific; on ARM the EABI version and float ABI bits). */
    public int flags() {
        return flags;
    }

    /** The program interpreter (PT_INTERP), e.g. {@code /lib/ld-linux-armhf.so.3}, or null if none. */
    public String interpreter() throws IOException {
        for (int i = 0; i < phnum; i++) {
            byte[] ph = source.read(phoff + (long) i * phentsize, phentsize);
            if (ph.length < (is64 ? 40 : 20)) {
                return null;
            }
            if (u32(ph, 0) != PT_INTERP) {
                continue;
            }
            long offset = is64 ? u64(ph, 8) : u32(ph, 4);
            long size = is64 ? u64(ph, 32) : u32(ph, 16);
            byte[] text = source.read(offset, (int) Math.min(size, 4096));
            return cString(text, 0);
        }
        return null;
    }

    /**
     * The size the file must have at least, by its own headers: the end of the program header table,
     * of the section header table, and of every segment's bytes in the file. A file shorter than this
     * was cut off. Program headers beyond what the source holds are not counted.
     */
    public long minimumSize() throws IOException {
        long end = is64 ? 64 : 52;
        if (phnum > 0) {
            end = Math.max(end, phoff + (long) phnum * phentsize);
        }
        if (shoff != 0 && shnum > 0) {
            end = Math.max(end, shoff + (long) shnum * shentsize);
        }
        for (int i = 0; i < phnum; i++) {
            byte[] ph = source.read(phoff + (long) i * phentsize, phentsize);
            if (ph.length < (is64 ? 40 : 32)) {
                break;
            }
            long offset = is64 ? u64(ph, 8) : u32(ph, 4);
            long fileSize = is64 ? u64(ph, 32) : u32(ph, 16);
            end = Math.max(end, offset + fileSize);
        }
        return end;
    }

    /**
     * The symbol versions this object needs from other objects ({@code .gnu.version_r}), e.g.
     * {@code GLIBC_2.34}; empty if it needs none.
     */
    public List<String> versionNeeds() throws IOException {
        Section verneed = findSection(SHT_GNU_VERNEED, null);
        if (verneed == null) {
            return Collections.emptyList();
        }
        Section strings = section(verneed.link);
        if (strings == null) {
            return Collections.emptyList();
        }
        byte[] needs = contents(verneed);
        byte[] names = contents(strings);
        List<String> out = new ArrayList<>();
        long pos = 0;
        // sh_info entries, each a Verneed with vn_cnt Vernaux records; a broken chain ends the walk
        for (int i = 0; i < Math.max(verneed.info, 1) && pos + 16 <= needs.length; i++) {
            int cnt = u16(needs, (int) pos + 2);
            long aux = pos + u32(needs, (int) pos + 8);
            for (int j = 0; j < cnt && aux >= 0 && aux + 16 <= needs.length; j++) {
                long nameOffset = u32(needs, (int) aux + 8);
                if (nameOffset < names.length) {
                    out.add(cString(names, (int) nameOffset));
                }
                long nextAux = u32(needs, (int) aux + 12);
                if (nextAux == 0) {
                    break;
                }
                aux += nextAux;
            }
            long next = u32(needs, (int) pos + 12);
            if (next == 0) {
                break;
            }
            pos += next;
        }
        return out;
    }

    /** The contents of the first section of the given type, or null if there is none. */
    public byte[] sectionOfType(int type) throws IOException {
        Section s = findSection(type, null);
        return s == null ? null : contents(s);
    }

    /** The contents of the section with the given name (e.g. {@code .rodata}), or null. */
    public byte[] sectionNamed(String name) throws IOException {
        Section s = findSection(0, name);
        return s == null ? null : contents(s);
    }

    /**
     * The names of the symbol versions this object defines ({@code .gnu.version_d}), e.g.
     * {@code GLIBC_2.36}; empty if it defines none.
     */
    public List<String> versionDefinitions() throws IOException {
        Section verdef = findSection(SHT_GNU_VERDEF, null);
        if (verdef == null) {
            return Collections.emptyList();
        }
        Section strings = section(verdef.link);
        if (strings == null) {
            return Collections.emptyList();
        }
        byte[] defs = contents(verdef);
        byte[] names = contents(strings);
        List<String> out = new ArrayList<>();
        int pos = 0;
        // verdef count is sh_info; the walk also stops at vd_next == 0 or on a broken chain
        for (int i = 0; i < Math.max(verdef.info, 1) && pos >= 0 && pos + 20 <= defs.length; i++) {
            int cnt = u16(defs, pos + 6);
            long aux = u32(defs, pos + 12);
            long next = u32(defs, pos + 16);
            long auxPos = pos + aux;
            if (cnt > 0 && auxPos + 8 <= defs.length) {
                long nameOffset = u32(defs, (int) auxPos);
                if (nameOffset < names.length) {
                    out.add(cString(names, (int) nameOffset));
                }
            }
            if (next == 0) {
                break;
            }
            pos += (int) next;
        }
        return out;
    }

    private static final class Section {
        final int name;
        final int type;
        final long offset;
        final long size;
        final int link;
        final int info;

        Section(int name, int type, long offset, long size, int link, int info) {
            this.name = name;
            this.type = type;
            this.offset = offset;
            this.size = size;
            this.link = link;
            this.info = info;
        }
    }

    private Section section(int index) throws IOException {
        if (shoff == 0 || index < 0 || index >= shnum) {
            return null;
        }
        byte[] sh = source.read(shoff + (long) index * shentsize, shentsize);
        if (sh.length < (is64 ? 64 : 40)) {
            return null;
        }
        if (is64) {
            return new Section(
                    (int) u32(sh, 0), (int) u32(sh, 4), u64(sh, 24), u64(sh, 32), (int) u32(sh, 40), (int) u32(sh, 44));
        }
        return new Section(
                (int) u32(sh, 0), (int) u32(sh, 4), u32(sh, 16), u32(sh, 20), (int) u32(sh, 24), (int) u32(sh, 28));
    }

    private Section findSection(int type, String name) throws IOException {
        byte[] names = null;
        if (name != null) {
            Section strtab = section(shstrndx);
            if (strtab == null) {
                return null;
            }
            names = contents(strtab);
        }
        for (int i = 1; i < shnum; i++) {
            Section s = section(i);
            if (s == null) {
                return null;
            }
            if (name == null ? s.type == type : s.name < names.length && name.equals(cString(names, s.name))) {
                return s;
            }
        }
        return null;
    }

    private byte[] contents(Section s) throws IOException {
        if (s.size > MAX_SECTION) {
            throw new IOException("ELF section of " + s.size + " bytes is larger than " + MAX_SECTION);
        }
        return source.read(s.offset, (int) s.size);
    }

    private int u16(byte[] b, int off) {
        int b0 = b[off] & 0xff;
        int b1 = b[off + 1] & 0xff;
        return littleEndian ? b0 | b1 << 8 : b0 << 8 | b1;
    }

    private long u32(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int shift = littleEndian ? 8 * i : 8 * (3 - i);
            v |= (long) (b[off + i] & 0xff) << shift;
        }
        return v;
    }

    private long u64(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int shift = littleEndian ? 8 * i : 8 * (7 - i);
            v |= (long) (b[off + i] & 0xff) << shift;
        }
        return v;
    }

    private static String cString(byte[] b, int off) {
        int end = off;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.ISO_8859_1);
    }
}
