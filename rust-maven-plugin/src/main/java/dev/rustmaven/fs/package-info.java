/**
 * Small file helpers shared by the other packages: {@link dev.rustmaven.fs.Sha256} (digests as hex, checksum
 * files) and {@link dev.rustmaven.fs.FileTrees} (deleting a whole tree without following links).
 */
package dev.rustmaven.fs;
