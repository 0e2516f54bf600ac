package dev.rustmaven.toolchain;

import java.nio.file.Path;
import java.util.List;

/**
 * The cargo and rustc one build uses, and what the compiler said about itself. Cargo is always told
 * to use this rustc, so both agree.
 *
 * @param cargo the cargo executable
 * @param rustc the rustc executable
 * @param info {@code rustc -vV}
 * @param sysroot {@code rustc --print sysroot}
 * @param targetList {@code rustc --print target-list}
 */
public record Toolchain(Path cargo, Path rustc, RustcInfo info, Path sysroot, List<String> targetList) {

    public Toolchain {
        targetList = List.copyOf(targetList);
    }

    /** The compiler's own library directory for {@code triple}, present when that target's std is installed. */
    public Path targetLibDir(String triple) {
        return sysroot.resolve("lib").resolve("rustlib").resolve(triple).resolve("lib");
    }

    public String host() {
        return info.host();
    }
}
