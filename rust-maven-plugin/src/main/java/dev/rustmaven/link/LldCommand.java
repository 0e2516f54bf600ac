package dev.rustmaven.link;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts together the {@code rust-lld -flavor gnu} command line for one link: the translated gcc-style
 * arguments plus what the configuration adds for the target.
 *
 * <p>Order: emulation and mode flags first; then what the output kind needs ({@code --dynamic-linker},
 * {@code --hash-style=gnu} and {@code --build-id} for dynamically linked outputs, {@code -z noexecstack},
 * {@code -z defs} for shared objects when configured); the configured search directories (after rustc's,
 * LLD reads every {@code -L} before it looks up any library); the C start files of executables around
 * the translated arguments; the configured extra objects and arguments last. LLD resolves archive members
 * regardless of their position, so extra objects at the end serve references from anywhere.
 */
public final class LldCommand {

    /** The archive of the part of glibc that dynamically linked executables carry themselves. */
    static final String LIBC_NONSHARED = "libc_nonshared.a";

    private LldCommand() {}

    /**
     * The full command line, program first.
     *
     * @throws LinkerConfigException when an executable needs C start files the configuration cannot supply
     */
    public static List<String> commandLine(LinkerConfig config, GccLink link) throws LinkerConfigException {
        List<String> cmd = new ArrayList<>(link.arguments().size() + 32);
        cmd.add(config.lld().toString());
        cmd.add("-flavor");
        cmd.add("gnu");
        cmd.add("-m");
        cmd.add(config.emulation());
        cmd.addAll(link.modeArguments());

        OutputKind kind = link.kind();
        boolean dynamic = kind == OutputKind.SHARED_OBJECT || kind.needsDynamicLinker();
        if (kind.needsDynamicLinker() && !config.dynamicLinker().isEmpty()) {
            cmd.add("--dynamic-linker");
            cmd.add(config.dynamicLinker());
        }
        if (dynamic) {
            cmd.add("--hash-style=gnu");
        }
        cmd.add("--build-id");
        cmd.add("-z");
        cmd.add("noexecstack");
        if (kind == OutputKind.SHARED_OBJECT && config.noUndefinedInSharedObjects()) {
            cmd.add("-z");
            cmd.add("defs");
        }
        if (kind == OutputKind.SHARED_OBJECT && link.output().isPresent() && !hasSoname(link.arguments())) {
            // Upstream rustc sets no SONAME on a cdylib; a library without one is recorded by its path in
            // whatever links against it, so give it its file name (as Debian's rustc does).
            cmd.add("-soname");
            cmd.add(Path.of(link.output().get()).getFileName().toString());
        }
        for (Path dir : config.searchDirs()) {
            cmd.add("-L");
            cmd.add(dir.toString());
        }

        StartFiles startFiles = StartFiles.NONE;
        if (kind.isExecutable() && link.startFiles()) {
            startFiles = startFiles(config, kind);
        }
        cmd.addAll(startFiles.first());
        cmd.addAll(link.arguments());
        for (Path object : config.extraObjects()) {
            cmd.add(object.toString());
        }
        cmd.addAll(config.extraArgs());
        cmd.addAll(startFiles.last());
        return cmd;
    }

    private static boolean hasSoname(List<String> arguments) {
        for (String a : arguments) {
            if (a.equals("-h") || a.startsWith("-soname") || a.startsWith("--soname") || a.startsWith("-h=")) {
                return true;
            }
        }
        return false;
    }

    /** The start files that go before and after everything else. */
    record StartFiles(List<String> first, List<String> last) {
        static final StartFiles NONE = new StartFiles(List.of(), List.of());
    }

    /**
     * gcc's choice of start files: {@code crt1.o} (PIE: {@code Scrt1.o}, static PIE: {@code rcrt1.o}),
     * {@code crti.o} and {@code crtn.o} must exist; gcc's {@code crtbegin*.o}/{@code crtend*.o} are added
     * when the directory has them.
     */
    static StartFiles startFiles(LinkerConfig config, OutputKind kind) throws LinkerConfigException {
        if (config.startFilesDir().isEmpty()) {
            throw new LinkerConfigException("linking an executable for " + config.triple() + " needs the C start"
                    + " files (crt1.o, crti.o, crtn.o), but the linker front end configuration names no"
                    + " startFilesDir; link with -nostartfiles if the start files are passed another way");
        }
        Path dir = config.startFilesDir().get();
        String crt1;
        String begin;
        String end;
        switch (kind) {
            case PIE_EXECUTABLE -> {
                crt1 = "Scrt1.o";
                begin = "crtbeginS.o";
                end = "crtendS.o";
            }
            case STATIC_PIE_EXECUTABLE -> {
                crt1 = "rcrt1.o";
                begin = "crtbeginS.o";
                end = "crtendS.o";
            }
            case STATIC_EXECUTABLE -> {
                crt1 = "crt1.o";
                begin = "crtbeginT.o";
                end = "crtend.o";
            }
            default -> {
                crt1 = "crt1.o";
                begin = "crtbegin.o";
                end = "crtend.o";
            }
        }
        List<String> first = new ArrayList<>(3);
        first.add(required(dir, crt1, config));
        first.add(required(dir, "crti.o", config));
        Path beginFile = dir.resolve(begin);
        if (Files.isRegularFile(beginFile)) {
            first.add(beginFile.toString());
        }
        List<String> last = new ArrayList<>(2);
        if (kind == OutputKind.PIE_EXECUTABLE || kind == OutputKind.EXECUTABLE) {
            // gcc links glibc's libc_nonshared.a too (named in libc.so, a linker script): the part of glibc an
            // executable carries itself, e.g. __aeabi_read_tp for thread-locals on arm, atexit.
            Path nonshared = dir.resolve(LIBC_NONSHARED);
            if (Files.isRegularFile(nonshared)) {
                last.add(nonshared.toString());
            }
        }
        Path endFile = dir.resolve(end);
        if (Files.isRegularFile(endFile)) {
            last.add(endFile.toString());
        }
        last.add(required(dir, "crtn.o", config));
        return new StartFiles(first, last);
    }

    private static String required(Path dir, String name, LinkerConfig config) throws LinkerConfigException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new LinkerConfigException("the C start file " + file + " is missing; the linker front end"
                    + " configuration for " + config.triple() + " names " + dir + " as startFilesDir");
        }
        return file.toString();
    }
}
