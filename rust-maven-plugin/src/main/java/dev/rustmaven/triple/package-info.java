/** Rust target triples and the facts derived from each (libc, ELF identity, LLD emulation, loader). */
package dev.rustmaven.triple;
