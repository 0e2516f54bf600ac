/**
 * C for the target without a C cross toolchain: finding the host's clang (a cross compiler for every
 * target) and an archiver, and the variables that make the {@code cc} crate of a build script use them
 * with the flags and headers that match the Rust target.
 */
package dev.rustmaven.cc;
