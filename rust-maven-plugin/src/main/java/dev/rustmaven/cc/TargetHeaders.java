package dev.rustmaven.cc;

import dev.rustmaven.triple.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where clang finds the target's C headers, and the flags that say so.
 *
 * @param root a directory laid out like a Debian or Raspberry Pi OS root ({@code usr/include},
 *     {@code usr/include/<multiarch>}, {@code usr/lib/<multiarch>})
 * @param musl whether {@code root} holds musl's headers (Debian's {@code musl-dev}) rather than glibc's
 */
public record TargetHeaders(Path root, boolean musl) {

    public TargetHeaders {
        Objects.requireNonNull(root, "root");
    }

    /**
     * The flags for {@code target}. A glibc root is a sysroot clang knows how to read ({@code --sysroot}).
     * Debian's musl headers live in {@code usr/include/<cpu>-linux-musl*}, which clang does not look in, so
     * for musl the system directories are replaced: musl's headers first, then the kernel's headers
     * ({@code asm/} in the gnu multiarch directory, {@code linux/} in {@code usr/include}).
     */
    public List<String> flags(Target target) {
        if (!musl) {
            return List.of("--sysroot=" + root);
        }
        String muslDir = target.debianMultiarch();
        String kernelDir = muslDir.replace("-musl", "-gnu");
        Path include = root.resolve("usr/include");
        return List.of(
                "--sysroot=" + root,
                "-nostdlibinc",
                "-isystem",
                include.resolve(muslDir).toString(),
                "-isystem",
                include.resolve(kernelDir).toString(),
                "-isystem",
                include.toString());
    }
}
