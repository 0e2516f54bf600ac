/**
 * Finds out what the running JVM is: operating system, CPU architecture, and on Linux the ARM
 * float ABI and architecture version, the C library (glibc or musl) and the glibc version.
 *
 * <p>Everything is learnt by reading files ({@code /proc}, the JVM's own ELF headers, libc), never
 * by starting a process. All reads go through {@link dev.rustmaven.loader.platform.Host} so that
 * tests can feed recorded facts from other machines.
 */
package dev.rustmaven.loader.platform;
