package dev.rustmaven.elf;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of checking one output file.
 *
 * @param file the file checked
 * @param summary one line describing it, such as
 *     {@code libfoo.so  armv7-unknown-linux-gnueabihf  ELF32 ARM EABI5 hard-float  glibc>=2.28  412 KiB}
 * @param problems one sentence per problem, naming the file, what was expected, what was found and
 *     what it means; empty when the file is as expected
 */
public record OutputCheck(Path file, String summary, List<String> problems) {

    public OutputCheck {
        problems = List.copyOf(problems);
    }

    public boolean passed() {
        return problems.isEmpty();
    }
}
