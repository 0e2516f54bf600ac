package dev.rustmaven.elf;

import static dev.rustmaven.elf.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.glibc.GlibcVersion;
import dev.rustmaven.loader.platform.ByteSource;
import dev.rustmaven.loader.platform.Fact;
import dev.rustmaven.loader.platform.GlibcProbe;
import dev.rustmaven.loader.platform.Host;
import dev.rustmaven.loader.platform.Platform;
import dev.rustmaven.loader.platform.PlatformDetector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Holds the loader's own ELF reader ({@code dev.rustmaven.loader.platform}, Java 8 without dependencies)
 * to the plugin's: both read every committed ELF fixture under {@code src/test/resources/elf} and every
 * object in its static libraries, and each fact the loader's reader exposes must be what the plugin reads.
 *
 * <p>Compared for each file: ELF class, byte order, {@code e_machine}, {@code e_flags}, the program
 * interpreter, the names of the version definitions, the bytes of the first section of each type and of
 * each name (this covers {@code .dynamic}, {@code .dynstr} and {@code .gnu.version_r}, where the needed
 * libraries, the SONAME and the needed glibc versions are, which the loader does not parse), the integer
 * ARM build attributes with {@code Tag_CPU_arch} (ARMv6 or v7) on its own, the float ABI the loader's
 * {@link PlatformDetector} concludes from the file, and the glibc version its {@link GlibcProbe} reads
 * from it.
 */
@DisplayName("The loader's ELF reader reads what the plugin's reads")
class LoaderElfReaderConformanceTest {

    /** Every fact compared for each file; a file for which one is not compared fails. */
    private static final List<String> FACTS = List.of(
            "class",
            "byte order",
            "machine",
            "e_flags",
            "interpreter",
            "version definitions",
            "sections by type",
            "sections by name",
            "ARM attributes",
            "Tag_CPU_arch",
            "float ABI",
            "glibc version");

    /** Where the fake host puts the file for the loader's float ABI detection: the JVM's own library. */
    private static final String JAVA_HOME = "/jvm";

    private static final String JVM_LIBRARY = JAVA_HOME + "/lib/server/libjvm.so";
    private static final String LIBC = "/lib/libc.so.6";

    private static final byte[] AR_MAGIC = "!<arch>\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * One ELF file as both readers see it.
     *
     * @param name its path under the fixture directory, with {@code (member)} for an archive member
     * @param bytes its contents
     * @param elf what the plugin read
     */
    record Subject(String name, byte[] bytes, ElfFile elf) {

        @Override
        public String toString() {
            return name;
        }
    }

    /** The well-formed ELF fixtures and the ELF members of the fixture archives, in path order. */
    static List<Subject> subjects() throws IOException {
        Path root = fixture("");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> !root.relativize(p).startsWith("damaged"))
                    .sorted()
                    .toList();
        }
        List<Subject> subjects = new ArrayList<>();
        for (Path file : files) {
            String name = root.relativize(file).toString().replace('\\', '/');
            byte[] bytes = Files.readAllBytes(file);
            if (isElf(bytes)) {
                subjects.add(new Subject(name, bytes, ElfFile.read(file)));
            } else if (startsWith(bytes, AR_MAGIC)) {
                for (ArArchive.Member m : ArArchive.read(file).members()) {
                    byte[] member = Arrays.copyOfRange(
                            bytes, Math.toIntExact(m.offset()), Math.toIntExact(m.offset() + m.size()));
                    if (isElf(member)) {
                        String memberName = name + "(" + m.name() + ")";
                        subjects.add(new Subject(memberName, member, ElfFile.parse(member, memberName)));
                    }
                }
            }
            // Anything else here is a source, a script or the README.
        }
        return subjects;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    @DisplayName("the same facts from a fixture")
    void readsTheSameFacts(Subject subject) throws IOException {
        // given
        ElfFile plugin = subject.elf();
        ElfHeader header = plugin.header();
        Comparison facts = new Comparison(subject.name());

        // when
        try (ByteSource source = ByteSource.of(subject.bytes())) {
            dev.rustmaven.loader.platform.ElfFile loader = dev.rustmaven.loader.platform.ElfFile.read(source);

            // then
            facts.compare("class", loader.is64Bit() ? 64 : 32, header.elfClass());
            facts.compare("byte order", loader.isLittleEndian(), !header.bigEndian());
            facts.compare("machine", loader.machine(), header.machine());
            facts.compare("e_flags", Integer.toUnsignedLong(loader.flags()), header.flags());
            facts.compare("interpreter", Optional.ofNullable(loader.interpreter()), plugin.interpreter());
            facts.compare(
                    "version definitions",
                    loader.versionDefinitions(),
                    plugin.versionDefinitions().stream()
                            .map(VersionDefinition::name)
                            .toList());
            compareSectionsByType(subject, loader, facts);
            compareSectionsByName(subject, loader, facts);
            compareArmAttributes(plugin, loader, facts);
        }
        facts.compare("float ABI", floatAbiTheLoaderDetects(subject.bytes()), plugin.armFloatAbi());
        facts.compare("glibc version", glibcVersionTheLoaderProbes(subject.bytes()), newestGlibcDefinition(plugin));
        facts.assertComparedAllOf(FACTS);
    }

    @Test
    @DisplayName("the fixtures give every comparison something to compare")
    void theFixturesCoverWhatTheLoaderReads() throws IOException {
        // when
        List<Subject> subjects = subjects();

        // then
        assertThat(subjects).as("ELF fixtures found under " + fixture("")).hasSizeGreaterThanOrEqualTo(20);
        List<ElfFile> elves = subjects.stream().map(Subject::elf).toList();
        assertThat(elves).extracting(e -> e.header().elfClass()).contains(32, 64);
        assertThat(elves).extracting(e -> e.header().bigEndian()).contains(true, false);
        assertThat(elves).extracting(e -> e.header().machine()).contains(ElfHeader.EM_ARM, ElfHeader.EM_AARCH64);
        assertThat(elves)
                .extracting(ElfFile::armFloatAbi)
                .contains(Optional.of(ArmFloatAbi.HARD), Optional.of(ArmFloatAbi.SOFT), Optional.empty());
        assertThat(elves)
                .as("relocatable objects stating their float ABI in Tag_ABI_VFP_args only")
                .anyMatch(e ->
                        e.header().armFloatFlag().isEmpty() && e.armFloatAbi().isPresent());
        assertThat(elves).extracting(ElfFile::interpreter).anyMatch(Optional::isPresent);
        assertThat(elves)
                .extracting(e -> e.armAttributes().map(ArmAttributes::cpuArch).orElse(-1))
                .as("Tag_CPU_arch of ARMv6 and ARMv7")
                .contains(ArmAttributes.CPU_ARCH_V6, ArmAttributes.CPU_ARCH_V7);
        assertThat(elves)
                .extracting(LoaderElfReaderConformanceTest::newestGlibcDefinition)
                .anyMatch(Optional::isPresent);
        assertThat(elves).extracting(ElfFile::versionNeeds).anyMatch(needs -> !needs.isEmpty());
    }

    @Test
    @DisplayName("what the plugin refuses, the loader refuses or reads like the intact file")
    void damagedFiles() throws IOException {
        // given: whether the loader refuses each damaged fixture; make-fixtures.sh cut the ELF ones from
        // armv7-hf/libok.so, and the loader reads lazily, so it reads their whole headers
        Map<String, Boolean> loaderRefuses = Map.of(
                "not-elf.so", true,
                "short-header.so", true,
                "truncated-member.a", true,
                "truncated.so", false,
                "bad-section-offset.so", false);
        ElfFile intactFile = ElfFile.read(fixture("armv7-hf/libok.so"));
        ElfHeader intact = intactFile.header();
        Path dir = fixture("damaged");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.sorted().toList();
        }

        // when / then
        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .as("every damaged fixture says here what the loader does with it")
                .containsExactlyInAnyOrderElementsOf(loaderRefuses.keySet());
        for (Path file : files) {
            assertThatThrownBy(() -> ElfFile.read(file))
                    .as(file + " by the plugin")
                    .isInstanceOf(ElfFormatException.class);
            if (loaderRefuses.get(file.getFileName().toString())) {
                assertThatThrownBy(() -> readWithTheLoader(file))
                        .as(file + " by the loader")
                        .isInstanceOf(IOException.class);
            } else {
                // the header is whole, the section headers lie outside the file
                try (ByteSource source = ByteSource.of(file)) {
                    dev.rustmaven.loader.platform.ElfFile loader = dev.rustmaven.loader.platform.ElfFile.read(source);
                    assertThat(loader.is64Bit()).as(file + " class").isEqualTo(intact.elfClass() == 64);
                    assertThat(loader.isLittleEndian()).as(file + " byte order").isEqualTo(!intact.bigEndian());
                    assertThat(loader.machine()).as(file + " machine").isEqualTo(intact.machine());
                    assertThat(Integer.toUnsignedLong(loader.flags()))
                            .as(file + " e_flags")
                            .isEqualTo(intact.flags());
                    assertThat(loader.interpreter())
                            .as(file + " interpreter")
                            .isEqualTo(intactFile.interpreter().orElse(null));
                    assertThat(loader.sectionOfType(Section.SHT_ARM_ATTRIBUTES))
                            .as(file + " sections")
                            .isNull();
                    assertThat(loader.versionDefinitions())
                            .as(file + " version definitions")
                            .isEmpty();
                }
            }
        }
    }

    private static void readWithTheLoader(Path file) throws IOException {
        try (ByteSource source = ByteSource.of(file)) {
            dev.rustmaven.loader.platform.ElfFile.read(source);
        }
    }

    /**
     * The first section of each type the plugin found, and of the types the loader looks for; a type
     * whose first section takes no room in the file ({@code SHT_NOBITS}) has no bytes to compare.
     */
    private static void compareSectionsByType(
            Subject subject, dev.rustmaven.loader.platform.ElfFile loader, Comparison facts) throws IOException {
        Set<Integer> types = new TreeSet<>(List.of(
                Section.SHT_ARM_ATTRIBUTES,
                Section.SHT_GNU_VERDEF,
                Section.SHT_GNU_VERNEED,
                Section.SHT_DYNAMIC,
                Section.SHT_DYNSYM));
        subject.elf().sections().stream()
                .filter(s -> s.type() != Section.SHT_NULL)
                .forEach(s -> types.add(s.type()));
        for (int type : types) {
            Optional<Section> first = subject.elf().sections().stream()
                    .filter(s -> s.index() > 0 && s.type() == type)
                    .findFirst();
            if (first.isPresent() && !first.get().hasFileContent()) {
                continue;
            }
            facts.compare(
                    "sections by type",
                    "sh_type 0x" + Integer.toHexString(type),
                    hex(loader.sectionOfType(type)),
                    first.map(s -> hex(content(subject, s))).orElse("none"));
        }
    }

    /** The first section of each name the plugin found, and of the names the loader looks for. */
    private static void compareSectionsByName(
            Subject subject, dev.rustmaven.loader.platform.ElfFile loader, Comparison facts) throws IOException {
        Set<String> names = new TreeSet<>(List.of(".rodata", ".ARM.attributes", ".gnu.version_d"));
        subject.elf().sections().stream().filter(s -> !s.name().isEmpty()).forEach(s -> names.add(s.name()));
        for (String name : names) {
            Optional<Section> first = subject.elf().sections().stream()
                    .filter(s -> s.index() > 0 && s.name().equals(name))
                    .findFirst();
            if (first.isPresent() && !first.get().hasFileContent()) {
                continue;
            }
            facts.compare(
                    "sections by name",
                    name,
                    hex(loader.sectionNamed(name)),
                    first.map(s -> hex(content(subject, s))).orElse("none"));
        }
    }

    /** Every integer attribute of the {@code aeabi} file scope, by tag; the loader keeps no strings. */
    private static void compareArmAttributes(
            ElfFile plugin, dev.rustmaven.loader.platform.ElfFile loader, Comparison facts) throws IOException {
        dev.rustmaven.loader.platform.ArmAttributes attributes = dev.rustmaven.loader.platform.ArmAttributes.parse(
                loader.sectionOfType(dev.rustmaven.loader.platform.ElfFile.SHT_ARM_ATTRIBUTES),
                loader.isLittleEndian());
        Map<Integer, Long> byPlugin =
                new TreeMap<>(plugin.armAttributes().map(ArmAttributes::numbers).orElse(Map.of()));
        Set<Integer> tags = new TreeSet<>(byPlugin.keySet());
        for (int tag = 0; tag < 128; tag++) {
            tags.add(tag);
        }
        Map<Integer, Long> byLoader = new TreeMap<>();
        for (int tag : tags) {
            Long value = attributes.get(tag);
            if (value != null) {
                byLoader.put(tag, value);
            }
        }
        facts.compare("ARM attributes", byLoader, byPlugin);
        facts.compare(
                "Tag_CPU_arch",
                Optional.ofNullable(attributes.get(dev.rustmaven.loader.platform.ArmAttributes.TAG_CPU_ARCH)),
                plugin.armAttributes().map(a -> a.numbers().get(ArmAttributes.TAG_CPU_ARCH)));
    }

    /** The float ABI the loader's platform detection concludes when this file is the JVM's library. */
    private static Optional<ArmFloatAbi> floatAbiTheLoaderDetects(byte[] bytes) {
        Fact<Platform.FloatAbi> fact = new PlatformDetector(new OneFileHost(JVM_LIBRARY, bytes)).floatAbi();
        if (!fact.found()) {
            return Optional.empty();
        }
        return switch (fact.value()) {
            case HARD -> Optional.of(ArmFloatAbi.HARD);
            case SOFT -> Optional.of(ArmFloatAbi.SOFT);
            case NOT_APPLICABLE, UNKNOWN -> throw new AssertionError("the loader found the float ABI " + fact);
        };
    }

    /** The glibc version the loader's probe reads when this file is the system's libc. */
    private static Optional<GlibcVersion> glibcVersionTheLoaderProbes(byte[] bytes) {
        Fact<String> fact = GlibcProbe.versionOf(new OneFileHost(LIBC, bytes), LIBC);
        return fact.found() ? Optional.of(GlibcVersion.parse(fact.value())) : Optional.empty();
    }

    /** The newest {@code GLIBC_*} version the file defines, as the plugin reads it. */
    private static Optional<GlibcVersion> newestGlibcDefinition(ElfFile elf) {
        return elf.versionDefinitions().stream()
                .filter(d -> !d.base())
                .map(VersionDefinition::name)
                .filter(GlibcVersion::isSymbolVersionName)
                .map(GlibcVersion::parse)
                .max(Comparator.naturalOrder());
    }

    private static byte[] content(Subject subject, Section s) {
        return Arrays.copyOfRange(subject.bytes(), Math.toIntExact(s.offset()), Math.toIntExact(s.offset() + s.size()));
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? "none" : HexFormat.of().formatHex(bytes);
    }

    private static boolean isElf(byte[] bytes) {
        return bytes.length >= 4 && (bytes[0] & 0xff) == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Collects every difference between the readers of one file, and which facts were compared. */
    private static final class Comparison {
        private final String file;
        private final SoftAssertions softly = new SoftAssertions();
        private final Set<String> compared = new LinkedHashSet<>();

        Comparison(String file) {
            this.file = file;
        }

        void compare(String fact, Object byLoader, Object byPlugin) {
            compare(fact, "", byLoader, byPlugin);
        }

        /** Compares one part of a fact, such as one section of "sections by name". */
        void compare(String fact, String part, Object byLoader, Object byPlugin) {
            compared.add(fact);
            softly.assertThat(byLoader)
                    .as(file + ": " + fact + (part.isEmpty() ? "" : " " + part) + " (loader, then plugin)")
                    .isEqualTo(byPlugin);
        }

        void assertComparedAllOf(List<String> facts) {
            softly.assertThat(compared).as(file + ": facts compared").containsExactlyElementsOf(facts);
            softly.assertAll();
        }
    }

    /** A machine with one file on it and the property {@code java.home}. */
    private record OneFileHost(String path, byte[] bytes) implements Host {

        @Override
        public String property(String key) {
            return key.equals("java.home") ? JAVA_HOME : null;
        }

        @Override
        public String environment(String name) {
            return null;
        }

        @Override
        public byte[] readSmallFile(String file) {
            return null;
        }

        @Override
        public ByteSource open(String file) {
            return file.equals(path) ? ByteSource.of(bytes) : null;
        }

        @Override
        public boolean exists(String file) {
            return file.equals(path);
        }

        @Override
        public List<String> list(String directory) {
            return List.of();
        }
    }
}
