/**
 * Small file helpers shared by the other packages: {@link dev.rustmaven.fs.Sha256} (digests as hex, checksum
 * files).
 */
package dev.rustmaven.fs;
