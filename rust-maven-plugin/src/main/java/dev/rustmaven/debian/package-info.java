/**
 * Target roots from a Debian-format package archive: the headers and libraries of some packages for one
 * architecture, unpacked into one directory that the host's clang compiles C against with {@code --sysroot}.
 * {@link dev.rustmaven.debian.InReleaseVerifier} with a {@link dev.rustmaven.debian.Keyring} checks an
 * archive's signed index; {@link dev.rustmaven.debian.DebianVersion} orders versions as dpkg does. Knows
 * nothing of cargo or Maven.
 */
package dev.rustmaven.debian;
