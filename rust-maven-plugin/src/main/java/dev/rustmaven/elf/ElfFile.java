package dev.rustmaven.elf;

import dev.rustmaven.glibc.GlibcVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What the plugin needs to know about one ELF file: its header, sections and segments, its program
 * interpreter, dynamic section, dynamic symbols with their versions, the versions it defines and
 * needs, and for ARM its build attributes. Read with {@link #read(Path)}; members of a static
 * library with {@link ArArchive}.
 *
 * <pre>{@code
 * ElfFile so = ElfFile.read(Path.of("libfoo.so"));
 * so.header().describe();         // "ELF32 ARM EABI5 hard-float"
 * so.soname();                    // Optional[libfoo.so]
 * so.requiredVersions();          // {libc.so.6=[GLIBC_2.4, GLIBC_2.28]}
 * so.highestGlibcVersion();       // Optional[2.28]
 * so.armAttributes().get().cpuArchName();  // "v7"
 * }</pre>
 *
 * @param name the file's name for messages: its file name, or {@code libfoo.a(member.o)} for an
 *     archive member
 * @param size the file's size in bytes
 * @param header the ELF header
 * @param sections the section headers in index order, named (empty when the file has none)
 * @param segments the program headers in order (empty for relocatable objects)
 * @param interpreter the program interpreter from {@code PT_INTERP}, such as
 *     {@code /lib/ld-linux-armhf.so.3}
 * @param dynamic the dynamic section, {@link DynamicSection#NONE} when there is none
 * @param dynamicSymbols the {@code .dynsym} symbols without the reserved null entry
 * @param versionDefinitions the versions the file defines ({@code .gnu.version_d})
 * @param versionNeeds the versions the file needs, per library ({@code .gnu.version_r})
 * @param armAttributes the ARM build attributes, when this is an ARM file that has them
 */
public record ElfFile(
        String name,
        long size,
        ElfHeader header,
        List<Section> sections,
        List<Segment> segments,
        Optional<String> interpreter,
        DynamicSection dynamic,
        List<ElfSymbol> dynamicSymbols,
        List<VersionDefinition> versionDefinitions,
        List<VersionNeed> versionNeeds,
        Optional<ArmAttributes> armAttributes) {

    public ElfFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(header, "header");
        sections = List.copyOf(sections);
        segments = List.copyOf(segments);
        Objects.requireNonNull(interpreter, "interpreter");
        Objects.requireNonNull(dynamic, "dynamic");
        dynamicSymbols = List.copyOf(dynamicSymbols);
        versionDefinitions = List.copyOf(versionDefinitions);
        versionNeeds = List.copyOf(versionNeeds);
        Objects.requireNonNull(armAttributes, "armAttributes");
    }

    /**
     * Reads an ELF file.
     *
     * @throws ElfFormatException when it is not an ELF file or is truncated or damaged; the message
     *     names the file and what is wrong
     * @throws IOException when it cannot be read
     */
    public static ElfFile read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return ElfReader.read(ElfInput.of(file.toString(), channel, 0, channel.size()), fileName(file));
        }
    }

    /**
     * Reads an ELF file held in memory.
     *
     * @param name names the file in messages
     * @throws ElfFormatException when the bytes are not a well-formed ELF file
     */
    public static ElfFile parse(byte[] bytes, String name) throws ElfFormatException {
        try {
            return ElfReader.read(ElfInput.of(name, bytes), name);
        } catch (ElfFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new ElfFormatException(name, e.getMessage());
        }
    }

    /**
     * Reads the symbol table ({@code .symtab}) of an ELF file held in memory, without its reserved null
     * entry: the symbols of a relocatable object, which {@link #dynamicSymbols()} (the {@code .dynsym}
     * of a linked file) does not hold. Only the header and the section headers are read besides the
     * table and its string table.
     *
     * @param name names the file in messages
     * @return the symbols in table order, local ones included; empty when the file has no symbol table
     * @throws ElfFormatException when the bytes are not a well-formed ELF file
     */
    public static List<ElfSymbol> symbolTable(byte[] bytes, String name) throws ElfFormatException {
        try {
            return ElfReader.readSymbolTable(ElfInput.of(name, bytes));
        } catch (ElfFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new ElfFormatException(name, e.getMessage());
        }
    }

    /** Whether {@code bytes} start with the ELF signature ({@code \x7fELF}). */
    public static boolean isElf(byte[] bytes) {
        return bytes.length >= 4 && ByteBuffer.wrap(bytes).getInt(0) == ElfHeader.ELF_MAGIC;
    }

    static String fileName(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    /** The section with this name, such as {@code .dynsym}. */
    public Optional<Section> section(String sectionName) {
        return sections.stream().filter(s -> s.name().equals(sectionName)).findFirst();
    }

    /** The first segment of this {@code p_type}, such as {@link Segment#PT_GNU_STACK}. */
    public Optional<Segment> segment(int type) {
        return segments.stream().filter(s -> s.type() == type).findFirst();
    }

    /** Whether the file has a dynamic segment ({@code PT_DYNAMIC}); static-pie executables have one too. */
    public boolean hasDynamicSegment() {
        return segment(Segment.PT_DYNAMIC).isPresent();
    }

    /** Whether the file needs the dynamic loader: it names an interpreter or needs shared libraries. */
    public boolean isDynamicallyLinked() {
        return interpreter.isPresent() || !dynamic.needed().isEmpty();
    }

    /**
     * Whether this is an executable that runs without a dynamic loader: no {@code PT_INTERP}, and
     * either a fixed-address executable or a static-pie one (a DYN file marked {@code DF_1_PIE}).
     */
    public boolean isStaticExecutable() {
        if (interpreter.isPresent() || !dynamic.needed().isEmpty()) {
            return false;
        }
        return header.type() == ElfHeader.ElfType.EXEC || (header.type() == ElfHeader.ElfType.DYN && dynamic.pieFlag());
    }

    /**
     * The float ABI of an ARM file: from {@code e_flags} where the linker put it, else from the
     * {@code Tag_ABI_VFP_args} build attribute (relocatable objects). Empty when not ARM, when
     * the file passes no floating point arguments and so suits both, or when it is an object that states no
     * ABI at all (hand-written assembly: the assembler records only the CPU).
     */
    public Optional<ArmFloatAbi> armFloatAbi() {
        Optional<ArmFloatAbi> flag = header.armFloatFlag();
        if (flag.isPresent() || !header.isArm()) {
            return flag;
        }
        if (header.type() == ElfHeader.ElfType.REL
                && armAttributes.map(a -> !a.statesAbi()).orElse(true)) {
            return Optional.empty();
        }
        return armAttributes.flatMap(a -> switch (a.abiVfpArgs()) {
            case ArmAttributes.VFP_ARGS_BASE -> Optional.of(ArmFloatAbi.SOFT);
            case ArmAttributes.VFP_ARGS_VFP -> Optional.of(ArmFloatAbi.HARD);
            default -> Optional.<ArmFloatAbi>empty();
        });
    }

    /**
     * The file's identity in the words of the summary line: {@code ELF32 ARM EABI5 hard-float},
     * {@code ELF64 AArch64}, {@code ELF64 x86-64}.
     */
    public String describe() {
        String described = header.describe();
        if (header.isArm() && header.armFloatFlag().isEmpty()) {
            described += armFloatAbi().map(f -> " " + f.label()).orElse("");
        }
        return described;
    }

    /** Whether this is a position-independent executable: a DYN file with an interpreter or DF_1_PIE. */
    public boolean isPie() {
        return header.type() == ElfHeader.ElfType.DYN && (interpreter.isPresent() || dynamic.pieFlag());
    }

    /** Whether PT_GNU_STACK asks for an executable stack; empty when the file has no PT_GNU_STACK. */
    public Optional<Boolean> executableStack() {
        return segment(Segment.PT_GNU_STACK).map(Segment::isExecutable);
    }

    /** The libraries the file needs ({@code DT_NEEDED}), in order. */
    public List<String> needed() {
        return dynamic.needed();
    }

    /** The file's {@code DT_SONAME}. */
    public Optional<String> soname() {
        return dynamic.soname();
    }

    /** The dynamic symbol with this name (the first one, if it has several versions). */
    public Optional<ElfSymbol> dynamicSymbol(String symbolName) {
        return dynamicSymbols.stream().filter(s -> s.name().equals(symbolName)).findFirst();
    }

    /** The names of the defined dynamic symbols with global or weak binding: what the file exports. */
    public List<String> exportedSymbols() {
        return dynamicSymbols.stream()
                .filter(s -> s.isDefined() && s.binding() != ElfSymbol.Binding.LOCAL)
                .map(ElfSymbol::name)
                .toList();
    }

    /** The version names needed per library, for example {@code libc.so.6 -> [GLIBC_2.4, GLIBC_2.28]}. */
    public Map<String, List<String>> requiredVersions() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        versionNeeds.forEach(n -> map.put(n.library(), n.versions()));
        return map;
    }

    /** The names of the undefined symbols this file needs at version {@code versionName}. */
    public List<String> symbolsNeeding(String versionName) {
        return dynamicSymbols.stream()
                .filter(s -> !s.isDefined()
                        && s.versionName().filter(versionName::equals).isPresent())
                .map(ElfSymbol::name)
                .toList();
    }

    /** The glibc versions ({@code GLIBC_x.y}) the file needs from any library, oldest first. */
    public List<GlibcVersion> requiredGlibcVersions() {
        TreeSet<GlibcVersion> versions = new TreeSet<>();
        for (VersionNeed need : versionNeeds) {
            for (String v : need.versions()) {
                if (GlibcVersion.isSymbolVersionName(v)) {
                    versions.add(GlibcVersion.parse(v));
                }
            }
        }
        return List.copyOf(versions);
    }

    /** The newest {@code GLIBC_} version the file needs: the oldest glibc it can load with. */
    public Optional<GlibcVersion> highestGlibcVersion() {
        List<GlibcVersion> versions = requiredGlibcVersions();
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }
}
