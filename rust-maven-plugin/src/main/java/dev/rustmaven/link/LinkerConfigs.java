package dev.rustmaven.link;

import dev.rustmaven.triple.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Makes the front end's configuration for a target from what the target table knows about it. */
public final class LinkerConfigs {

    private LinkerConfigs() {}

    /**
     * The configuration linking {@code target} with {@code lld}: its emulation and dynamic linker, and
     * {@code -z defs} for shared objects on glibc targets. Search directories, start files, extra
     * objects and the glibc floor are added with the {@code with...} methods of {@link LinkerConfig}.
     *
     * @throws IllegalArgumentException when the target table has no facts for {@code target}
     */
    public static LinkerConfig forTarget(Target target, Path lld) {
        Target.Facts facts = target.facts()
                .orElseThrow(() -> new IllegalArgumentException("the linker front end"
                        + " does not know how to link " + target.triple() + " (no LLD emulation is known for it);"
                        + " leave the linker to cargo's configuration for this target"));
        return new LinkerConfig(
                lld,
                target.triple(),
                facts.lldEmulation(),
                facts.dynamicLinker(),
                "",
                List.of(),
                Optional.empty(),
                List.of(),
                List.of(),
                facts.libc() == Target.Libc.GNU);
    }
}
