package dev.rustmaven.glibc;

import dev.rustmaven.fs.AtomicPublish;
import dev.rustmaven.fs.FileTrees;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.triple.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes, and caches, the directory of glibc stub libraries a target is linked against: one shared object
 * per library of the floor's {@link StubSpec} under its soname, plus a {@code lib<name>.so} copy of each so
 * that {@code -lc}, {@code -lm}, {@code -lgcc_s} find it. A directory is keyed by ABI, floor, ELF flags and
 * the data's hash, written under a temporary name and renamed into place, so concurrent builds share it.
 */
public final class GlibcStubs {

    /** Bumped whenever the files written for the same key would change. */
    static final int GENERATOR_VERSION = 2;

    private final Path cacheRoot;
    private final BuildLog log;

    /**
     * @param cacheRoot the directory holding the generated stub directories
     * @param log where to say what was generated
     */
    public GlibcStubs(Path cacheRoot, BuildLog log) {
        this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * A generated stub directory.
     *
     * @param directory the directory to give the linker with {@code -L}
     * @param spec what the stubs contain
     * @param loader the dynamic loader stub, which must be an input of the link itself: it defines
     *     {@code __tls_get_addr} and friends but is never named by {@code -l}
     */
    public record StubSet(Path directory, StubSpec spec, Path loader) {}

    /**
     * The stubs for a gnu {@code target} at {@code floor}, generated unless the cache has them.
     *
     * @throws IllegalArgumentException when the target is not a known gnu target or the floor is out of range
     * @throws IOException when the cache cannot be written
     */
    public StubSet stubs(Target target, GlibcVersion floor) throws IOException {
        Target.Facts facts = target.facts()
                .filter(f -> f.libc() == Target.Libc.GNU && !f.glibcAbi().isEmpty())
                .orElseThrow(() -> new IllegalArgumentException("'" + target.triple()
                        + "' is not a glibc target the plugin has stubs for: glibc stubs need a *-linux-gnu* target"
                        + " from " + Target.knownTriples()));
        return stubs(GlibcAbi.load(facts.glibcAbi()), ElfStubWriter.ElfFormat.of(facts), floor);
    }

    /** The stubs for {@code abi} in {@code format} at {@code floor}; see {@link #stubs(Target, GlibcVersion)}. */
    public StubSet stubs(GlibcAbi abi, ElfStubWriter.ElfFormat format, GlibcVersion floor) throws IOException {
        StubSpec spec = GlibcFloors.spec(abi, floor);
        Path dir = cacheRoot.resolve(cacheKey(abi, format, floor));
        if (!Files.isDirectory(dir)) {
            generate(abi, spec, format, dir);
        } else {
            log.debug("Reusing glibc " + floor + " stubs for " + abi.abi() + " in " + dir);
        }
        String loader = spec.libraries().stream()
                .map(StubSpec.StubLibrary::soname)
                .filter(s -> s.startsWith("ld"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the glibc ABI data for " + abi.abi() + " has no loader"));
        return new StubSet(dir, spec, dir.resolve(loader));
    }

    /** The cache directory name: {@code <abi>-glibc<floor>-<e_flags>-<data hash>-g<generator version>}. */
    public static String cacheKey(GlibcAbi abi, ElfStubWriter.ElfFormat format, GlibcVersion floor) {
        return abi.abi() + "-glibc" + floor + "-" + Integer.toHexString(format.flags()) + "-"
                + abi.dataSha256().substring(0, 16) + "-g" + GENERATOR_VERSION;
    }

    /** The {@code -l} file name of a soname: {@code libc.so.6 -> libc.so}; empty for the loader. */
    public static Optional<String> linkName(String soname) {
        int so = soname.indexOf(".so");
        if (!soname.startsWith("lib") || so < 0) {
            return Optional.empty();
        }
        return Optional.of(soname.substring(0, so + 3));
    }

    /** Writes every stub of {@code spec} into {@code dir}, which must not exist yet. */
    public static void writeStubs(StubSpec spec, ElfStubWriter.ElfFormat format, Path dir) throws IOException {
        FileTrees.createDirectories(dir);
        for (StubSpec.StubLibrary library : spec.libraries()) {
            byte[] elf = ElfStubWriter.write(library, format);
            Files.write(dir.resolve(library.soname()), elf);
            // Copies rather than symbolic links: they work on every file system and are small.
            Optional<String> linkName = linkName(library.soname());
            if (linkName.isPresent()) {
                Files.write(dir.resolve(linkName.get()), elf);
            }
        }
    }

    /**
     * Writes an empty static archive ({@code libpthread.a}, ...) for each library of {@code abi} that has no
     * symbols of its own at {@code floor} (libpthread, libdl, librt and libutil from 2.34 on), as glibc's own
     * development files do: programs and the Rust standard library still ask for {@code -lpthread}.
     */
    public static void writeEmptyArchives(GlibcAbi abi, GlibcVersion floor, Path dir) throws IOException {
        for (GlibcAbi.Library library : abi.libraries()) {
            if (!library.existsAt(floor)) {
                Optional<String> linkName = linkName(library.soname());
                if (linkName.isPresent()) {
                    String archive = linkName.get().substring(0, linkName.get().length() - ".so".length()) + ".a";
                    Files.write(dir.resolve(archive), "!<arch>\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
    }

    private void generate(GlibcAbi abi, StubSpec spec, ElfStubWriter.ElfFormat format, Path dir) throws IOException {
        boolean published = AtomicPublish.publishDirectory(dir, AtomicPublish.IfPresent.KEEP_EXISTING, staging -> {
            writeStubs(spec, format, staging.resolve("stubs"));
            writeEmptyArchives(abi, spec.floor(), staging.resolve("stubs"));
            return staging.resolve("stubs");
        });
        if (published) {
            List<String> names = new ArrayList<>();
            spec.libraries().forEach(l -> names.add(l.soname()));
            log.info("Generated glibc " + spec.floor() + " stubs for " + spec.abi() + " " + names + " in " + dir);
        } else {
            log.debug("Another build wrote " + dir + " first; using it");
        }
    }
}
