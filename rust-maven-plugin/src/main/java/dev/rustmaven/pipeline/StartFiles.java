package dev.rustmaven.pipeline;

import dev.rustmaven.config.Setting;
import dev.rustmaven.config.SettingNames;
import dev.rustmaven.triple.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
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
}
