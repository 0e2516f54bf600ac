package dev.rustmaven.elf;

import dev.rustmaven.elf.ElfHeader.ElfType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parses one ELF file from an {@link ElfInput}, reading only the header tables and the sections it models. */
final class ElfReader {

    private final ElfInput in;
    private final String name;
    private ByteOrder order;
    private boolean is64;

    private ElfReader(ElfInput in) {
        this.in = in;
        this.name = in.name();
    }

    static ElfFile read(ElfInput in, String displayName) throws IOException {
        return new ElfReader(in).read(displayName);
    }

    /**
     * Reads the symbols of the file's symbol table ({@code .symtab}, the {@code SHT_SYMTAB} section)
     * without the reserved null entry; empty when the file has none (a stripped file).
     */
    static List<ElfSymbol> readSymbolTable(ElfInput in) throws IOException {
        return new ElfReader(in).symbolTable();
    }

    private List<ElfSymbol> symbolTable() throws IOException {
        readHeader();
        List<Section> sections = readSections();
        Map<Integer, Section> byIndex = new HashMap<>();
        sections.forEach(s -> byIndex.put(s.index(), s));
        for (Section s : sections) {
            if (s.type() == Section.SHT_SYMTAB) {
                return readSymbols(s, byIndex, sections, Map.of());
            }
        }
        return List.of();
    }

    private ElfFile read(String displayName) throws IOException {
        ElfHeader header = readHeader();
        ByteBuffer h = in.read(0, ElfHeader.headerSize(is64), order, "the ELF header");
        long phoff = word(h, is64 ? 32 : 28);
        int headerBase = is64 ? 54 : 42;
        int phentsize = Short.toUnsignedInt(h.getShort(headerBase));
        int phnum = Short.toUnsignedInt(h.getShort(headerBase + 2));

        List<Section> sections = readSections();
        List<Segment> segments = readSegments(phoff, phentsize, phnum);
        Optional<String> interpreter = readInterpreter(segments);
        Map<Integer, Section> byIndex = new HashMap<>();
        sections.forEach(s -> byIndex.put(s.index(), s));

        DynamicSection dynamic = DynamicSection.NONE;
        List<ElfSymbol> symbols = List.of();
        List<VersionDefinition> definitions = List.of();
        List<VersionNeed> needs = List.of();
        Map<Integer, SymbolVersion> versions = new HashMap<>();
        for (Section s : sections) {
            if (s.type() == Section.SHT_DYNAMIC) {
                dynamic = readDynamic(s, byIndex);
            } else if (s.type() == Section.SHT_GNU_VERDEF) {
                definitions = readVersionDefinitions(s, byIndex, versions);
            } else if (s.type() == Section.SHT_GNU_VERNEED) {
                needs = readVersionNeeds(s, byIndex, versions);
            }
        }
        for (Section s : sections) {
            if (s.type() == Section.SHT_DYNSYM) {
                symbols = readSymbols(s, byIndex, sections, versions);
            }
        }
        Optional<ArmAttributes> attributes = Optional.empty();
        if (header.isArm()) {
            for (Section s : sections) {
                if (s.type() == Section.SHT_ARM_ATTRIBUTES) {
                    attributes = Optional.of(ArmAttributes.parse(content(s), order, name));
                }
            }
        }
        return new ElfFile(
                displayName,
                in.size(),
                header,
                sections,
                segments,
                interpreter,
                dynamic,
                symbols,
                definitions,
                needs,
                attributes);
    }

    private ElfHeader readHeader() throws IOException {
        if (in.size() < ElfHeader.EI_NIDENT) {
            throw in.malformed("is too short to be an ELF file (" + in.size() + " bytes)");
        }
        ByteBuffer ident = in.read(0, ElfHeader.EI_NIDENT, ByteOrder.BIG_ENDIAN, "the ELF identification");
        if (ident.getInt(0) != ElfHeader.ELF_MAGIC) {
            String what = ident.get(0) == '!' && ident.get(1) == '<'
                    ? "an ar archive (a static library)"
                    : ident.get(0) == '#' && ident.get(1) == '!' ? "a script" : "of another format";
            throw in.malformed("is not an ELF file: it is " + what);
        }
        int elfClass = ident.get(ElfHeader.EI_CLASS);
        if (elfClass != ElfHeader.ELFCLASS32 && elfClass != ElfHeader.ELFCLASS64) {
            throw in.malformed("has an unknown ELF class " + elfClass + " (expected " + ElfHeader.ELFCLASS32
                    + " for 32-bit or " + ElfHeader.ELFCLASS64 + " for 64-bit)");
        }
        int data = ident.get(ElfHeader.EI_DATA);
        if (data != ElfHeader.ELFDATA2LSB && data != ElfHeader.ELFDATA2MSB) {
            throw in.malformed("has an unknown ELF data encoding " + data + " (expected " + ElfHeader.ELFDATA2LSB
                    + " for little-endian or " + ElfHeader.ELFDATA2MSB + " for big-endian)");
        }
        is64 = elfClass == ElfHeader.ELFCLASS64;
        boolean bigEndian = data == ElfHeader.ELFDATA2MSB;
        order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int headerSize = ElfHeader.headerSize(is64);
        if (in.size() < headerSize) {
            throw in.malformed("is truncated: it has " + in.size() + " bytes, fewer than the " + headerSize
                    + " of an ELF" + (is64 ? "64" : "32") + " header");
        }
        ByteBuffer h = in.read(0, headerSize, order, "the ELF header");
        int type = Short.toUnsignedInt(h.getShort(16));
        int machine = Short.toUnsignedInt(h.getShort(18));
        long entry = word(h, 24);
        long flags = Integer.toUnsignedLong(h.getInt(is64 ? 48 : 36));
        return new ElfHeader(
                is64 ? 64 : 32,
                bigEndian,
                Byte.toUnsignedInt(ident.get(ElfHeader.EI_OSABI)),
                ElfType.of(type),
                type,
                machine,
                flags,
                entry);
    }

    /** The section headers the ELF header points to; {@link #readHeader} must have run. */
    private List<Section> readSections() throws IOException {
        ByteBuffer h = in.read(0, ElfHeader.headerSize(is64), order, "the ELF header");
        long shoff = word(h, is64 ? 40 : 32);
        int headerBase = is64 ? 54 : 42;
        int shentsize = Short.toUnsignedInt(h.getShort(headerBase + 4));
        int shnum = Short.toUnsignedInt(h.getShort(headerBase + 6));
        int shstrndx = Short.toUnsignedInt(h.getShort(headerBase + 8));
        if (shoff == 0) {
            return List.of();
        }
        int minimum = Section.headerSize(is64);
        if (shentsize < minimum) {
            throw in.malformed("has section headers of " + shentsize + " bytes, fewer than " + minimum);
        }
        // With 0xff00 or more sections the real count and string table index live in section 0.
        ByteBuffer first = in.read(shoff, shentsize, order, "the section header table");
        long count = shnum == 0 ? word(first, is64 ? 32 : 20) : shnum;
        int stringIndex = shstrndx == Section.SHN_XINDEX ? first.getInt(is64 ? 40 : 24) : shstrndx;
        if (count > (in.size() - shoff) / shentsize) {
            throw in.malformed("has a section header table of " + count + " entries at offset " + shoff
                    + " that runs past the end of the file (" + in.size()
                    + " bytes): the file is truncated or damaged");
        }
        ByteBuffer table = in.read(shoff, count * shentsize, order, "the section header table");
        List<Section> raw = new ArrayList<>((int) count);
        int[] nameOffsets = new int[(int) count];
        for (int i = 0; i < count; i++) {
            raw.add(sectionAt(table, i * shentsize, i));
            nameOffsets[i] = table.getInt(i * shentsize);
        }
        if (stringIndex <= 0 || stringIndex >= count) {
            return raw;
        }
        ByteBuffer names = content(raw.get(stringIndex));
        List<Section> sections = new ArrayList<>(raw.size());
        for (Section s : raw) {
            String sectionName = string(names, Integer.toUnsignedLong(nameOffsets[s.index()]), "a section name");
            sections.add(new Section(
                    s.index(),
                    sectionName,
                    s.type(),
                    s.flags(),
                    s.address(),
                    s.offset(),
                    s.size(),
                    s.link(),
                    s.info(),
                    s.entrySize()));
        }
        return sections;
    }

    private Section sectionAt(ByteBuffer t, int at, int index) {
        if (is64) {
            return new Section(
                    index,
                    "",
                    t.getInt(at + 4),
                    t.getLong(at + 8),
                    t.getLong(at + 16),
                    t.getLong(at + 24),
                    t.getLong(at + 32),
                    t.getInt(at + 40),
                    t.getInt(at + 44),
                    t.getLong(at + 56));
        }
        return new Section(
                index,
                "",
                t.getInt(at + 4),
                u32(t, at + 8),
                u32(t, at + 12),
                u32(t, at + 16),
                u32(t, at + 20),
                t.getInt(at + 24),
                t.getInt(at + 28),
                u32(t, at + 36));
    }

    private List<Segment> readSegments(long phoff, int phentsize, int phnum) throws IOException {
        if (phoff == 0 || phnum == 0) {
            return List.of();
        }
        int minimum = Segment.headerSize(is64);
        if (phentsize < minimum) {
            throw in.malformed("has program headers of " + phentsize + " bytes, fewer than " + minimum);
        }
        ByteBuffer t = in.read(phoff, (long) phnum * phentsize, order, "the program header table");
        List<Segment> segments = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            int at = i * phentsize;
            segments.add(
                    is64
                            ? new Segment(
                                    t.getInt(at),
                                    t.getInt(at + 4),
                                    t.getLong(at + 8),
                                    t.getLong(at + 16),
                                    t.getLong(at + 32),
                                    t.getLong(at + 40),
                                    t.getLong(at + 48))
                            : new Segment(
                                    t.getInt(at),
                                    t.getInt(at + 24),
                                    u32(t, at + 4),
                                    u32(t, at + 8),
                                    u32(t, at + 16),
                                    u32(t, at + 20),
                                    u32(t, at + 28)));
        }
        return segments;
    }

    private Optional<String> readInterpreter(List<Segment> segments) throws IOException {
        for (Segment s : segments) {
            if (s.type() == Segment.PT_INTERP) {
                ByteBuffer b = in.read(s.offset(), s.fileSize(), order, "the program interpreter (PT_INTERP)");
                return Optional.of(string(b, 0, "the program interpreter"));
            }
        }
        return Optional.empty();
    }

    private DynamicSection readDynamic(Section s, Map<Integer, Section> byIndex) throws IOException {
        ByteBuffer d = content(s);
        ByteBuffer strings = linkedStrings(s, byIndex);
        int entry = DynamicSection.entrySize(is64);
        List<String> needed = new ArrayList<>();
        Optional<String> soname = Optional.empty();
        Optional<String> runpath = Optional.empty();
        Optional<String> rpath = Optional.empty();
        long flags = 0;
        long flags1 = 0;
        boolean textRelocations = false;
        for (int at = 0; at + entry <= d.capacity(); at += entry) {
            long tag = is64 ? d.getLong(at) : d.getInt(at);
            long value = word(d, at + entry / 2);
            if (tag == DynamicSection.DT_NULL) {
                break;
            } else if (tag == DynamicSection.DT_NEEDED) {
                needed.add(string(strings, value, "DT_NEEDED"));
            } else if (tag == DynamicSection.DT_SONAME) {
                soname = Optional.of(string(strings, value, "DT_SONAME"));
            } else if (tag == DynamicSection.DT_RUNPATH) {
                runpath = Optional.of(string(strings, value, "DT_RUNPATH"));
            } else if (tag == DynamicSection.DT_RPATH) {
                rpath = Optional.of(string(strings, value, "DT_RPATH"));
            } else if (tag == DynamicSection.DT_FLAGS) {
                flags = value;
            } else if (tag == DynamicSection.DT_FLAGS_1) {
                flags1 = value;
            } else if (tag == DynamicSection.DT_TEXTREL) {
                textRelocations = true;
            }
        }
        // DT_RUNPATH overrides DT_RPATH when both are present.
        return new DynamicSection(
                needed, soname, runpath.isPresent() ? runpath : rpath, flags, flags1, textRelocations);
    }

    private List<VersionDefinition> readVersionDefinitions(
            Section s, Map<Integer, Section> byIndex, Map<Integer, SymbolVersion> versions) throws IOException {
        ByteBuffer d = content(s);
        ByteBuffer strings = linkedStrings(s, byIndex);
        List<VersionDefinition> definitions = new ArrayList<>();
        long at = 0;
        // Each entry and each name record links to the next by a relative offset; bound the walk
        // by the section's size so that a damaged chain cannot loop.
        for (int entries = 0; entries < d.capacity() / 20 && at + 20 <= d.capacity(); entries++) {
            int e = (int) at;
            int flags = Short.toUnsignedInt(d.getShort(e + 2));
            int index = Short.toUnsignedInt(d.getShort(e + 4));
            int count = Short.toUnsignedInt(d.getShort(e + 6));
            long aux = at + u32(d, e + 12);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (aux + 8 > d.capacity()) {
                    throw in.malformed("its .gnu.version_d entry for version index " + index
                            + " points outside the section: the file is damaged");
                }
                names.add(string(strings, u32(d, (int) aux), "a version definition"));
                long step = u32(d, (int) aux + 4);
                if (step == 0) {
                    break;
                }
                aux += step;
            }
            if (!names.isEmpty()) {
                boolean base = (flags & VersionDefinition.VER_FLG_BASE) != 0;
                definitions.add(new VersionDefinition(index, names.get(0), base, names.subList(1, names.size())));
                if (!base) {
                    versions.put(index, new SymbolVersion(names.get(0), false, Optional.empty()));
                }
            }
            long next = u32(d, e + 16);
            if (next == 0) {
                break;
            }
            at += next;
        }
        return definitions;
    }

    private List<VersionNeed> readVersionNeeds(
            Section s, Map<Integer, Section> byIndex, Map<Integer, SymbolVersion> versions) throws IOException {
        ByteBuffer d = content(s);
        ByteBuffer strings = linkedStrings(s, byIndex);
        List<VersionNeed> needs = new ArrayList<>();
        long at = 0;
        for (int entries = 0; entries < d.capacity() / 16 && at + 16 <= d.capacity(); entries++) {
            int e = (int) at;
            int count = Short.toUnsignedInt(d.getShort(e + 2));
            String library = string(strings, u32(d, e + 4), "a version need's file name");
            long aux = at + u32(d, e + 8);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (aux + 16 > d.capacity()) {
                    throw in.malformed("its .gnu.version_r entry for " + library
                            + " points outside the section: the file is damaged");
                }
                int other = Short.toUnsignedInt(d.getShort((int) aux + 6));
                String version = string(strings, u32(d, (int) aux + 8), "a needed version name");
                names.add(version);
                versions.put(
                        other & SymbolVersion.VERSYM_INDEX, new SymbolVersion(version, false, Optional.of(library)));
                long step = u32(d, (int) aux + 12);
                if (step == 0) {
                    break;
                }
                aux += step;
            }
            needs.add(new VersionNeed(library, names));
            long next = u32(d, e + 12);
            if (next == 0) {
                break;
            }
            at += next;
        }
        return needs;
    }

    /**
     * Reads the symbols of a symbol table section ({@code .dynsym} or {@code .symtab}), with the
     * versions of {@code .gnu.version} when a version section belongs to it.
     */
    private List<ElfSymbol> readSymbols(
            Section s, Map<Integer, Section> byIndex, List<Section> sections, Map<Integer, SymbolVersion> versions)
            throws IOException {
        int entry = ElfSymbol.entrySize(is64);
        ByteBuffer d = content(s);
        ByteBuffer strings = linkedStrings(s, byIndex);
        int count = d.capacity() / entry;
        ByteBuffer versym = null;
        ByteBuffer extendedIndexes = null;
        for (Section v : sections) {
            if (v.type() == Section.SHT_GNU_VERSYM && v.link() == s.index()) {
                versym = content(v);
            } else if (v.type() == Section.SHT_SYMTAB_SHNDX && v.link() == s.index()) {
                extendedIndexes = content(v);
            }
        }
        List<ElfSymbol> symbols = new ArrayList<>(Math.max(0, count - 1));
        // Entry 0 is the reserved undefined symbol.
        for (int i = 1; i < count; i++) {
            int at = i * entry;
            long nameOffset = u32(d, at);
            int info;
            int shndx;
            long value;
            long size;
            if (is64) {
                info = Byte.toUnsignedInt(d.get(at + 4));
                shndx = Short.toUnsignedInt(d.getShort(at + 6));
                value = d.getLong(at + 8);
                size = d.getLong(at + 16);
            } else {
                value = u32(d, at + 4);
                size = u32(d, at + 8);
                info = Byte.toUnsignedInt(d.get(at + 12));
                shndx = Short.toUnsignedInt(d.getShort(at + 14));
            }
            // In files with 0xff00 sections or more, the section index of a symbol may live in SHT_SYMTAB_SHNDX.
            if (shndx == Section.SHN_XINDEX && extendedIndexes != null && 4 * i + 4 <= extendedIndexes.capacity()) {
                shndx = extendedIndexes.getInt(4 * i);
            }
            Optional<SymbolVersion> version = Optional.empty();
            if (versym != null && 2 * i + 2 <= versym.capacity()) {
                int raw = Short.toUnsignedInt(versym.getShort(2 * i));
                SymbolVersion v = versions.get(raw & SymbolVersion.VERSYM_INDEX);
                if (v != null) {
                    boolean hidden = (raw & SymbolVersion.VERSYM_HIDDEN) != 0;
                    version = Optional.of(hidden ? new SymbolVersion(v.name(), true, v.library()) : v);
                }
            }
            symbols.add(new ElfSymbol(
                    string(strings, nameOffset, "a symbol name"),
                    ElfSymbol.Type.of(info & 0xf),
                    ElfSymbol.Binding.of(info >>> 4),
                    value,
                    size,
                    shndx == Section.SHN_UNDEF ? 0 : shndx,
                    version));
        }
        return symbols;
    }

    private ByteBuffer linkedStrings(Section s, Map<Integer, Section> byIndex) throws IOException {
        Section strings = byIndex.get(s.link());
        if (strings == null || strings.type() != Section.SHT_STRTAB) {
            throw in.malformed("its section " + s.name() + " links to section " + s.link()
                    + ", which is not a string table: the file is damaged");
        }
        return content(strings);
    }

    private ByteBuffer content(Section s) throws IOException {
        if (!s.hasFileContent()) {
            return ByteBuffer.allocate(0).order(order);
        }
        return in.read(s.offset(), s.size(), order, "section " + (s.name().isEmpty() ? "#" + s.index() : s.name()));
    }

    private String string(ByteBuffer table, long offset, String what) throws ElfFormatException {
        if (offset < 0 || offset >= table.capacity()) {
            throw in.malformed("a string offset for " + what + " (" + offset + ") lies outside its string table ("
                    + table.capacity() + " bytes): the file is damaged");
        }
        int start = (int) offset;
        int end = start;
        while (end < table.capacity() && table.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        table.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private long word(ByteBuffer b, int at) {
        return is64 ? b.getLong(at) : u32(b, at);
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }
}
