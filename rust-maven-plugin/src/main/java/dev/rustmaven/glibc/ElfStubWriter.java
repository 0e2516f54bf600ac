package dev.rustmaven.glibc;

import dev.rustmaven.elf.ArmFloatAbi;
import dev.rustmaven.elf.DynamicSection;
import dev.rustmaven.elf.ElfHeader;
import dev.rustmaven.elf.ElfSymbol;
import dev.rustmaven.elf.Section;
import dev.rustmaven.elf.Segment;
import dev.rustmaven.elf.VersionDefinition;
import dev.rustmaven.triple.Target;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a stub shared object: an ELF {@code ET_DYN} file with a soname, version definitions and every
 * symbol of a {@link StubSpec.StubLibrary} at its version, type and size, and no code. A linker reads
 * such a file exactly like the real library; nothing ever loads it.
 *
 * <p>Writing the file directly needs neither a linker nor a compiler for the target, gives each symbol its
 * real {@code STT_*} type and size (what copy relocations of data need) and can mark versions glibc kept
 * only for old binaries as hidden, which a linker version script cannot express.
 */
public final class ElfStubWriter {

    /**
     * The ELF identity of the stubs.
     *
     * @param elfClass 32 or 64
     * @param bigEndian whether the data encoding is big-endian
     * @param machine {@code e_machine}
     * @param flags {@code e_flags}
     */
    public record ElfFormat(int elfClass, boolean bigEndian, int machine, int flags) {

        public ElfFormat {
            if (elfClass != 32 && elfClass != 64) {
                throw new IllegalArgumentException("ELF class must be 32 or 64, not " + elfClass);
            }
        }

        /** The format a target's own libraries have. */
        public static ElfFormat of(Target.Facts facts) {
            int flags = 0;
            if (facts.elfMachine() == ElfHeader.EM_ARM) {
                flags = (int) ElfHeader.armFlags(facts.floatAbi().orElse(ArmFloatAbi.SOFT));
            }
            return new ElfFormat(facts.elfClass(), facts.bigEndian(), facts.elfMachine(), flags);
        }
    }

    /** The writable segment sits this far above its file offset, as on a page of its own. */
    private static final long SEGMENT_GAP = 0x10000;

    private static final int TEXT_SIZE = 16;

    private ElfStubWriter() {}

    /** The bytes of the stub shared object for {@code library}. */
    public static byte[] write(StubSpec.StubLibrary library, ElfFormat format) {
        return new Layout(library, format).write();
    }

    /** Computes every section's place first, then writes the file in one pass. */
    private static final class Layout {
        private final StubSpec.StubLibrary library;
        private final ElfFormat format;
        private final boolean is64;
        private final int wordSize;

        private final StringTable dynstr = new StringTable();
        private final StringTable shstr = new StringTable();
        private final Map<SymbolVersion, Integer> versionIndex = new HashMap<>();
        private final long[] symbolValue;
        private long bssSize;
        private long tlsSize;

        Layout(StubSpec.StubLibrary library, ElfFormat format) {
            this.library = library;
            this.format = format;
            this.is64 = format.elfClass() == 64;
            this.wordSize = is64 ? 8 : 4;
            this.symbolValue = new long[library.symbols().size()];
            dynstr.add(library.soname());
            int index = 2;
            for (SymbolVersion node : library.versionNodes()) {
                versionIndex.put(node, index++);
                dynstr.add(node.name());
            }
            for (int i = 0; i < library.symbols().size(); i++) {
                StubSpec.StubSymbol s = library.symbols().get(i);
                dynstr.add(s.name());
                if (!versionIndex.containsKey(s.version())) {
                    throw new IllegalArgumentException("symbol " + s.name() + " of " + library.soname()
                            + " has version " + s.version() + ", which is not among the library's version nodes");
                }
                // Data and TLS get their own aligned room so that copy relocations see distinct objects.
                if (s.type() == SymbolType.DATA) {
                    bssSize = align(bssSize, 16);
                    symbolValue[i] = bssSize;
                    bssSize += Math.max(s.size(), 1);
                } else if (s.type() == SymbolType.TLS) {
                    tlsSize = align(tlsSize, 16);
                    symbolValue[i] = tlsSize;
                    tlsSize += Math.max(s.size(), 1);
                }
            }
        }

        byte[] write() {
            int symCount = library.symbols().size() + 1;
            int ehSize = ElfHeader.headerSize(is64);
            int phEntSize = Segment.headerSize(is64);
            int shEntSize = Section.headerSize(is64);
            int symEntSize = ElfSymbol.entrySize(is64);
            int dynEntSize = DynamicSection.entrySize(is64);
            boolean hasTls = tlsSize > 0;
            int phNum = hasTls ? 4 : 3;

            byte[] hash = hashSection(symCount);
            byte[] dynstrBytes = dynstr.bytes();
            byte[] verdef = verdefSection();
            int dynCount = 10;

            // Read-only, executable segment: headers, symbol and version tables, a little text.
            long hashOff = align(ehSize + (long) phNum * phEntSize, 8);
            long dynsymOff = align(hashOff + hash.length, wordSize);
            long dynstrOff = dynsymOff + (long) symCount * symEntSize;
            long versymOff = align(dynstrOff + dynstrBytes.length, 2);
            long verdefOff = align(versymOff + 2L * symCount, 4);
            long textOff = align(verdefOff + verdef.length, 16);
            long roEnd = textOff + TEXT_SIZE;
            // Writable segment: .dynamic in the file, then .tbss and .bss taking no file space.
            long dynamicOff = align(roEnd, 16);
            long dynamicAddr = dynamicOff + SEGMENT_GAP;
            long dynamicSize = (long) dynCount * dynEntSize;
            long tbssAddr = align(dynamicAddr + dynamicSize, 16);
            long bssAddr = tbssAddr;
            long rwMemEnd = bssAddr + Math.max(bssSize, 1);
            long shstrOff = dynamicOff + dynamicSize;

            long alloc = Section.SHF_ALLOC;
            long writable = Section.SHF_ALLOC | Section.SHF_WRITE;
            List<SectionHeader> sections = new ArrayList<>();
            sections.add(new SectionHeader("", Section.SHT_NULL, 0, 0, 0, 0, 0, 0, 0, 0));
            // Indexes fixed by this order: .dynsym is 2, .dynstr 3.
            int dynsymIdx = 2;
            int dynstrIdx = 3;
            sections.add(new SectionHeader(
                    ".hash", Section.SHT_HASH, alloc, hashOff, hashOff, hash.length, dynsymIdx, 0, 4, 4));
            sections.add(new SectionHeader(
                    ".dynsym",
                    Section.SHT_DYNSYM,
                    alloc,
                    dynsymOff,
                    dynsymOff,
                    (long) symCount * symEntSize,
                    dynstrIdx,
                    1,
                    wordSize,
                    symEntSize));
            sections.add(new SectionHeader(
                    ".dynstr", Section.SHT_STRTAB, alloc, dynstrOff, dynstrOff, dynstrBytes.length, 0, 0, 1, 0));
            sections.add(new SectionHeader(
                    ".gnu.version",
                    Section.SHT_GNU_VERSYM,
                    alloc,
                    versymOff,
                    versymOff,
                    2L * symCount,
                    dynsymIdx,
                    0,
                    2,
                    2));
            sections.add(new SectionHeader(
                    ".gnu.version_d",
                    Section.SHT_GNU_VERDEF,
                    alloc,
                    verdefOff,
                    verdefOff,
                    verdef.length,
                    dynstrIdx,
                    library.versionNodes().size() + 1,
                    4,
                    0));
            int textIdx = sections.size();
            sections.add(new SectionHeader(
                    ".text",
                    Section.SHT_PROGBITS,
                    alloc | Section.SHF_EXECINSTR,
                    textOff,
                    textOff,
                    TEXT_SIZE,
                    0,
                    0,
                    16,
                    0));
            sections.add(new SectionHeader(
                    ".dynamic",
                    Section.SHT_DYNAMIC,
                    writable,
                    dynamicOff,
                    dynamicAddr,
                    dynamicSize,
                    dynstrIdx,
                    0,
                    wordSize,
                    dynEntSize));
            int tbssIdx = sections.size();
            sections.add(new SectionHeader(
                    ".tbss", Section.SHT_NOBITS, writable | Section.SHF_TLS, shstrOff, tbssAddr, tlsSize, 0, 0, 16, 0));
            int bssIdx = sections.size();
            sections.add(
                    new SectionHeader(".bss", Section.SHT_NOBITS, writable, shstrOff, bssAddr, bssSize, 0, 0, 16, 0));
            int shstrIdx = sections.size();
            sections.add(new SectionHeader(".shstrtab", Section.SHT_STRTAB, 0, shstrOff, 0, 0, 0, 0, 1, 0));
            sections.forEach(s -> shstr.add(s.name));
            byte[] shstrBytes = shstr.bytes();
            long shOff = align(shstrOff + shstrBytes.length, 8);
            long fileSize = shOff + (long) sections.size() * shEntSize;

            ByteOrder order = format.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(fileSize));

            // ELF header: the identification (OS ABI 0, System V), then fields in the file's byte order
            out.putInt(ElfHeader.ELF_MAGIC)
                    .put((byte) (is64 ? ElfHeader.ELFCLASS64 : ElfHeader.ELFCLASS32))
                    .put((byte) (format.bigEndian() ? ElfHeader.ELFDATA2MSB : ElfHeader.ELFDATA2LSB))
                    .put((byte) ElfHeader.EV_CURRENT);
            out.order(order).position(ElfHeader.EI_NIDENT);
            out.putShort((short) ElfHeader.ET_DYN)
                    .putShort((short) format.machine())
                    .putInt(ElfHeader.EV_CURRENT);
            word(out, 0);
            word(out, ehSize);
            word(out, shOff);
            out.putInt(format.flags())
                    .putShort((short) ehSize)
                    .putShort((short) phEntSize)
                    .putShort((short) phNum)
                    .putShort((short) shEntSize)
                    .putShort((short) sections.size())
                    .putShort((short) shstrIdx);

            // Program headers
            out.position(ehSize);
            int readWrite = Segment.PF_R | Segment.PF_W;
            phdr(out, Segment.PT_LOAD, Segment.PF_R | Segment.PF_X, 0, 0, roEnd, roEnd, SEGMENT_GAP);
            phdr(
                    out,
                    Segment.PT_LOAD,
                    readWrite,
                    dynamicOff,
                    dynamicAddr,
                    dynamicSize,
                    rwMemEnd - dynamicAddr,
                    SEGMENT_GAP);
            phdr(out, Segment.PT_DYNAMIC, readWrite, dynamicOff, dynamicAddr, dynamicSize, dynamicSize, wordSize);
            if (hasTls) {
                phdr(out, Segment.PT_TLS, Segment.PF_R, shstrOff, tbssAddr, 0, tlsSize, 16);
            }

            out.position(Math.toIntExact(hashOff));
            out.put(hash);

            // .dynsym and .gnu.version
            out.position(Math.toIntExact(dynsymOff));
            out.put(new byte[symEntSize]);
            ByteBuffer versym = out.duplicate().order(out.order());
            versym.position(Math.toIntExact(versymOff));
            versym.putShort((short) 0);
            for (int i = 0; i < library.symbols().size(); i++) {
                StubSpec.StubSymbol s = library.symbols().get(i);
                int shndx;
                long value;
                switch (s.type()) {
                    case DATA -> {
                        shndx = bssIdx;
                        value = bssAddr + symbolValue[i];
                    }
                    case TLS -> {
                        shndx = tbssIdx;
                        value = symbolValue[i];
                    }
                    default -> {
                        shndx = textIdx;
                        value = textOff;
                    }
                }
                long size = s.type() == SymbolType.FUNCTION ? 0 : s.size();
                byte info = (byte) ElfSymbol.info(ElfSymbol.STB_GLOBAL, s.type().elfType());
                int name = dynstr.offset(s.name());
                if (is64) {
                    out.putInt(name)
                            .put(info)
                            .put((byte) 0)
                            .putShort((short) shndx)
                            .putLong(value)
                            .putLong(size);
                } else {
                    out.putInt(name)
                            .putInt((int) value)
                            .putInt((int) size)
                            .put(info)
                            .put((byte) 0)
                            .putShort((short) shndx);
                }
                int index = versionIndex.get(s.version());
                versym.putShort(
                        (short) (s.defaultVersion() ? index : index | dev.rustmaven.elf.SymbolVersion.VERSYM_HIDDEN));
            }

            out.position(Math.toIntExact(dynstrOff));
            out.put(dynstrBytes);
            out.position(Math.toIntExact(verdefOff));
            out.put(verdef);

            // .dynamic
            out.position(Math.toIntExact(dynamicOff));
            dyn(out, DynamicSection.DT_SONAME, dynstr.offset(library.soname()));
            dyn(out, DynamicSection.DT_HASH, hashOff);
            dyn(out, DynamicSection.DT_STRTAB, dynstrOff);
            dyn(out, DynamicSection.DT_SYMTAB, dynsymOff);
            dyn(out, DynamicSection.DT_STRSZ, dynstrBytes.length);
            dyn(out, DynamicSection.DT_SYMENT, symEntSize);
            dyn(out, DynamicSection.DT_VERSYM, versymOff);
            dyn(out, DynamicSection.DT_VERDEF, verdefOff);
            dyn(out, DynamicSection.DT_VERDEFNUM, library.versionNodes().size() + 1L);
            dyn(out, DynamicSection.DT_NULL, 0);

            out.position(Math.toIntExact(shstrOff));
            out.put(shstrBytes);
            sections.set(shstrIdx, sections.get(shstrIdx).withSize(shstrBytes.length));

            out.position(Math.toIntExact(shOff));
            for (SectionHeader s : sections) {
                out.putInt(shstr.offset(s.name)).putInt(s.type);
                word(out, s.flags);
                word(out, s.addr);
                word(out, s.offset);
                word(out, s.size);
                out.putInt(s.link).putInt(s.info);
                word(out, s.align);
                word(out, s.entSize);
            }
            return out.array();
        }

        /** The SysV {@code .hash} table over the dynamic symbols. */
        private byte[] hashSection(int symCount) {
            int nbucket = Math.max(1, symCount / 2) | 1;
            int[] buckets = new int[nbucket];
            int[] chains = new int[symCount];
            for (int i = 1; i < symCount; i++) {
                int b = (int) (elfHash(library.symbols().get(i - 1).name()) % nbucket);
                chains[i] = buckets[b];
                buckets[b] = i;
            }
            ByteBuffer hash = ByteBuffer.allocate(4 * (2 + nbucket + symCount))
                    .order(format.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            hash.putInt(nbucket).putInt(symCount);
            for (int b : buckets) {
                hash.putInt(b);
            }
            for (int c : chains) {
                hash.putInt(c);
            }
            return hash.array();
        }

        /** {@code .gnu.version_d}: the base definition (the soname), then one per version node. */
        private byte[] verdefSection() {
            List<String> names = new ArrayList<>();
            names.add(library.soname());
            library.versionNodes().forEach(v -> names.add(v.name()));
            ByteBuffer v = ByteBuffer.allocate(28 * names.size())
                    .order(format.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < names.size(); i++) {
                boolean last = i == names.size() - 1;
                v.putShort((short) VersionDefinition.VER_DEF_CURRENT)
                        .putShort((short) (i == 0 ? VersionDefinition.VER_FLG_BASE : 0))
                        .putShort((short) (i + 1))
                        .putShort((short) 1)
                        .putInt((int) elfHash(names.get(i)))
                        .putInt(20)
                        .putInt(last ? 0 : 28);
                v.putInt(dynstr.offset(names.get(i))).putInt(0);
            }
            return v.array();
        }

        private void word(ByteBuffer out, long value) {
            if (is64) {
                out.putLong(value);
            } else {
                out.putInt((int) value);
            }
        }

        private void dyn(ByteBuffer out, int tag, long value) {
            word(out, tag);
            word(out, value);
        }

        private void phdr(
                ByteBuffer out, int type, int flags, long offset, long addr, long fileSize, long memSize, long align) {
            out.putInt(type);
            if (is64) {
                out.putInt(flags)
                        .putLong(offset)
                        .putLong(addr)
                        .putLong(addr)
                        .putLong(fileSize)
                        .putLong(memSize)
                        .putLong(align);
            } else {
                out.putInt((int) offset)
                        .putInt((int) addr)
                        .putInt((int) addr)
                        .putInt((int) fileSize)
                        .putInt((int) memSize)
                        .putInt(flags)
                        .putInt((int) align);
            }
        }
    }

    private record SectionHeader(
            String name,
            int type,
            long flags,
            long offset,
            long addr,
            long size,
            int link,
            int info,
            long align,
            long entSize) {

        SectionHeader withSize(long newSize) {
            return new SectionHeader(name, type, flags, offset, addr, newSize, link, info, align, entSize);
        }
    }

    /** The System V ABI's ELF hash, used by {@code .hash} and {@code vd_hash}. */
    static long elfHash(String name) {
        long h = 0;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h << 4) + (b & 0xff);
            long g = h & 0xf0000000L;
            if (g != 0) {
                h ^= g >>> 24;
            }
            h &= ~g;
        }
        return h & 0xffffffffL;
    }

    /** A string table with each string once, offsets assigned as strings are added. */
    private static final class StringTable {
        private final Map<String, Integer> offsets = new LinkedHashMap<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        StringTable() {
            bytes.write(0);
            offsets.put("", 0);
        }

        void add(String s) {
            offsets.computeIfAbsent(s, k -> {
                int offset = bytes.size();
                bytes.writeBytes(k.getBytes(StandardCharsets.UTF_8));
                bytes.write(0);
                return offset;
            });
        }

        int offset(String s) {
            Integer offset = offsets.get(s);
            if (offset == null) {
                throw new IllegalStateException("'" + s + "' was not added to the string table");
            }
            return offset;
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    private static long align(long value, long alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}
