package dev.rustmaven.pipeline;

import dev.rustmaven.config.Setting;
import dev.rustmaven.config.SettingNames;
import dev.rustmaven.elf.ArmAttributes;
import dev.rustmaven.elf.ElfFile;
import dev.rustmaven.elf.OutputChecker;
import dev.rustmaven.triple.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where a glibc sysroot keeps the C start files ({@code crt1.o}, ...) that gnu executables link with. */
final class StartFiles {

    private StartFiles() {}

    /**
     * The directory of a glibc sysroot that holds {@code crt1.o} for {@code target}: the Debian multiarch
     * directory ({@code usr/lib/arm-linux-gnueabihf}), else {@code usr/lib}, {@code usr/lib64} or {@code lib}
     * of a single-architecture root.
     */
    static Path directory(Path sysroot, Target target, SettingNames names) throws BuildException {
        Set<Path> candidates = new LinkedHashSet<>();
        Path usrLib = sysroot.resolve("usr/lib");
        // A multiarch root may hold several architectures: only the target's own directory is theirs.
        candidates.add(usrLib.resolve(target.debianMultiarch()));
        candidates.addAll(List.of(usrLib, sysroot.resolve("usr/lib64"), sysroot.resolve("lib")));
        return candidates.stream()
                .filter(d -> Files.isRegularFile(d.resolve("crt1.o")))
                .findFirst()
                .orElseThrow(() -> BuildException.configuration(names.name(Setting.SYSROOT) + " " + sysroot
                        + " has no crt1.o"
                        + " for " + target + " (looked in " + candidates + "): install libc6-dev for the target's"
                        + " architecture into it"));
    }

    /**
     * Why the start files in {@code directory} cannot be used for {@code target}, if they cannot: for an ARM
     * target, a {@code crt1.o} built for a newer ARM architecture than the target's (Debian's armhf start
     * files are ARMv7 Thumb-2 code, which a Pi Zero or Pi 1 cannot run).
     */
    static Optional<String> checkArchitecture(Path directory, Target target) throws BuildException {
        int allowed = target.facts().map(Target.Facts::armArchitecture).orElse(0);
        if (allowed == 0) {
            return Optional.empty();
        }
        Path crt1 = directory.resolve("crt1.o");
        ElfFile elf;
        try {
            elf = ElfFile.read(crt1);
        } catch (IOException e) {
            throw BuildException.environment("Could not read " + crt1 + ": " + e.getMessage(), e);
        }
        Optional<ArmAttributes> attributes = elf.armAttributes();
        if (attributes.isEmpty()) {
            return Optional.empty();
        }
        int cpuArch = attributes.get().cpuArch();
        if (OutputChecker.fitsArchitecture(cpuArch, allowed)) {
            return Optional.empty();
        }
        return Optional.of(crt1 + " is built for ARM " + attributes.get().cpuArchName() + ", but " + target + " is ARMv"
                + allowed + ": an executable starting with it would crash on the Pi.");
    }
}
