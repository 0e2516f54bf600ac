package dev.rustmaven.link;

import java.util.List;
import java.util.Optional;

/**
 * A gcc-style link command line translated for {@code ld.lld}.
 *
 * @param kind what the link produces
 * @param modeArguments LLD's global flags for {@code kind} (gcc's {@code -shared}, {@code -static}, ... are
 *     position independent, LLD's {@code -static} is not, so these go in front of everything)
 * @param arguments the translated inputs and linker options, in their original order
 * @param startFiles whether the C start files should be added, false after {@code -nostartfiles} or
 *     {@code -nostdlib} (rustc passes musl's self-contained start files itself and says so)
 * @param verbose whether {@code -v} asked to print the LLD command line
 * @param output the {@code -o} file, if any
 */
public record GccLink(
        OutputKind kind,
        List<String> modeArguments,
        List<String> arguments,
        boolean startFiles,
        boolean verbose,
        Optional<String> output) {

    public GccLink {
        modeArguments = List.copyOf(modeArguments);
        arguments = List.copyOf(arguments);
    }
}
