package dev.rustmaven.elf;

import java.util.Objects;
import java.util.Optional;

/**
 * What a message about an output that needs a glibc newer than its floor says about the floor: the setting
 * that chose it, as the user names it, and what else than raising it would help.
 *
 * @param setting the setting of the floor, such as {@code <glibc> (rust.glibc)}
 * @param remedy what to do instead of raising the floor, a clause such as
 *     {@code link it against the glibc 2.28 stubs with ...}; empty when avoiding the symbols is all there is
 */
public record FloorAdvice(String setting, Optional<String> remedy) {

    public FloorAdvice {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(remedy, "remedy");
    }
}
