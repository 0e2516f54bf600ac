/**
 * Small file helpers shared by the other packages: {@link dev.rustmaven.fs.Sha256} (digests as hex, checksum
 * files), {@link dev.rustmaven.fs.FileTrees} (deleting a whole tree without following links) and
 * {@link dev.rustmaven.fs.AtomicPublish} (a file or directory written under a temporary name next to its
 * destination, then renamed into place in one step, so that concurrent builds never see it half-written).
 */
package dev.rustmaven.fs;
