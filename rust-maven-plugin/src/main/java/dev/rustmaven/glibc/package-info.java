/**
 * glibc ABI data, floors and the generated stub libraries that stand in for a target's glibc.
 *
 * <p>{@link dev.rustmaven.glibc.GlibcAbi} reads the shipped per-architecture data;
 * {@link dev.rustmaven.glibc.GlibcFloors} turns it into a {@link dev.rustmaven.glibc.StubSpec} for a floor
 * and explains missing symbols; {@link dev.rustmaven.glibc.ElfStubWriter} writes a stub shared object;
 * {@link dev.rustmaven.glibc.GlibcStubs} caches whole stub directories; and
 * {@link dev.rustmaven.glibc.StatWrappers} builds the {@code stat64} wrappers floors below 2.33 need.
 */
package dev.rustmaven.glibc;
