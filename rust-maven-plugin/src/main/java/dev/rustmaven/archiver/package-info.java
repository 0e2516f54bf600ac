/**
 * The {@code ar} archiver the plugin provides for build scripts that compile C with the {@code cc} crate
 * ({@code AR_<triple>}): the host's {@code ar} may be missing (Windows), write archives whose index does not
 * cover ELF objects (the BSD {@code ar} of macOS), or be a GNU {@code ar} built without foreign ELF targets, and
 * {@code llvm-ar} is not always installed. {@link dev.rustmaven.archiver.ArchiverMain} takes the command lines
 * {@code cc} runs ({@code cq}, {@code s}, {@code crs} and the like, see {@link
 * dev.rustmaven.archiver.ArCommandLine}) and {@link dev.rustmaven.archiver.Archiver} carries them out, writing
 * deterministic GNU archives with a symbol index through {@link dev.rustmaven.archiver.GnuArchive}, which reads
 * the symbols of ELF members of any class and byte order with {@link dev.rustmaven.elf}.
 *
 * <p>{@link dev.rustmaven.archiver.ArchiverLauncher} runs inside the plugin and writes the launcher script that
 * starts {@code ArchiverMain}; everything else runs in that short-lived JVM and uses only the JDK, this package,
 * the ELF reader, {@link dev.rustmaven.fs.AtomicPublish} and the response-file reader of the linker front end.
 */
package dev.rustmaven.archiver;
