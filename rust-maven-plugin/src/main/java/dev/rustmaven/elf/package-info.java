/**
 * A small ELF reader and the checks run on every native output: {@link dev.rustmaven.elf.ElfFile}
 * reads the header, sections, segments, dynamic section, dynamic symbols with their versions and
 * the ARM build attributes of an ELF file (32/64-bit, either byte order), and on request its symbol
 * table ({@code .symtab}), {@link dev.rustmaven.elf.ArArchive} the members of a static library, and {@link
 * dev.rustmaven.elf.OutputChecker} compares a file against the {@link
 * dev.rustmaven.elf.ElfExpectation} derived from its target triple. Reads only the parts of a file
 * it needs and reports damaged input as {@link dev.rustmaven.elf.ElfFormatException}.
 */
package dev.rustmaven.elf;
