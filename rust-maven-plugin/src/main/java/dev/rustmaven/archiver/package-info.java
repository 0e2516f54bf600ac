/**
 * The {@code ar} archiver the plugin provides for build scripts that compile C with the {@code cc} crate
 * ({@code AR_<triple>}): an x86 host's GNU {@code ar} cannot always index ARM objects, and {@code llvm-ar} is
 * not always installed. {@link dev.rustmaven.archiver.GnuArchive} writes deterministic GNU archives with a
 * symbol index, reading the symbols of ELF members of any class and byte order with {@link dev.rustmaven.elf}.
 */
package dev.rustmaven.archiver;
