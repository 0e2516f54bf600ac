package dev.rustmaven.archiver;

import dev.rustmaven.elf.ArArchive;
import dev.rustmaven.fs.AtomicPublish;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Carries out one {@link ArCommandLine} on the file system. An archive that exists is read (GNU or BSD
 * format; its old index is dropped), changed in memory and written again in full, with a new index, through
 * a temporary file that is then renamed onto it: a failed run leaves the old archive as it was.
 */
public final class Archiver {

    private static final Set<PosixFilePermission> NEW_ARCHIVE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path workingDirectory;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param workingDirectory against which relative file names are resolved
     * @param out where the listing ({@code t}) and the verbose lines ({@code v}) go
     * @param err where notes and warnings go
     */
    public Archiver(Path workingDirectory, PrintStream out, PrintStream err) {
        this.workingDirectory = workingDirectory;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs a command.
     *
     * @throws IOException naming the file and what is wrong with it: a missing input, an archive that is not
     *     one, a damaged ELF member, a file that cannot be written
     */
    public void run(ArCommandLine command) throws IOException {
        Path archive = workingDirectory.resolve(command.archive());
        switch (command.operation()) {
            case LIST -> {
                for (ArArchive.Member m : existing(archive).members()) {
                    out.println(m.name());
                }
            }
            case INDEX -> write(archive, read(existing(archive)), true);
            case QUICK_APPEND, REPLACE -> update(command, archive);
            case HELP, VERSION ->
                throw new IllegalArgumentException(
                        "the archiver's entry point answers " + command.operation() + " itself");
        }
    }

    private void update(ArCommandLine command, Path archive) throws IOException {
        List<ArchiveMember> members = new ArrayList<>();
        if (Files.exists(archive)) {
            members.addAll(read(existing(archive)));
        } else if (!command.quietCreate()) {
            err.println(ArchiverMain.PREFIX + "creating " + command.archive());
        }
        for (String file : command.files()) {
            ArchiveMember added = input(file);
            int replaced = -1;
            if (command.operation() == ArCommandLine.Operation.REPLACE) {
                for (int i = 0; i < members.size() && replaced < 0; i++) {
                    if (members.get(i).name().equals(added.name())) {
                        replaced = i;
                    }
                }
            }
            if (replaced >= 0) {
                members.set(replaced, added);
            } else {
                members.add(added);
            }
            if (command.verbose()) {
                out.println((replaced >= 0 ? "r - " : "a - ") + file);
            }
        }
        write(archive, members, command.writeIndex());
    }

    private ArArchive existing(Path archive) throws IOException {
        if (!Files.exists(archive)) {
            throw new NoSuchFileException(
                    archive.toString(), null, "no such archive; q or r creates one, s and t need one");
        }
        return ArArchive.read(archive);
    }

    private static List<ArchiveMember> read(ArArchive archive) throws IOException {
        List<ArchiveMember> members = new ArrayList<>(archive.members().size());
        for (ArArchive.Member m : archive.members()) {
            if (!ArchiveMember.isValidName(m.name())) {
                throw new IOException(archive.file() + ": its member '" + m.name() + "' has a name a GNU archive"
                        + " cannot hold; rebuild the archive from its object files");
            }
            members.add(new ArchiveMember(m.name(), archive.content(m)));
        }
        return members;
    }

    private ArchiveMember input(String file) throws IOException {
        Path path = workingDirectory.resolve(file);
        if (Files.isDirectory(path)) {
            throw new IOException(file + ": is a directory, not a file to add to the archive");
        }
        Path name = path.getFileName();
        if (name == null || !ArchiveMember.isValidName(name.toString())) {
            throw new IOException("'" + file + "' names no file whose name an archive can hold");
        }
        try {
            return new ArchiveMember(name.toString(), Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file, null, "no such file to add to the archive");
        }
    }

    private void write(Path archive, List<ArchiveMember> members, boolean withIndex) throws IOException {
        GnuArchive layout = GnuArchive.of(members, withIndex);
        for (String bitcode : layout.bitcodeMembers()) {
            err.println(ArchiverMain.PREFIX + "warning: " + bitcode + " is LLVM bitcode (compiled with -flto?):"
                    + " it is stored, but its symbols are not in the archive index; LLD reads such members"
                    + " without the index, GNU ld cannot link them");
        }
        Set<PosixFilePermission> permissions = null;
        if (archive.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            permissions = Files.exists(archive) ? Files.getPosixFilePermissions(archive) : NEW_ARCHIVE;
        }
        Set<PosixFilePermission> kept = permissions;
        AtomicPublish.replaceFile(archive, temporary -> {
            try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                layout.writeTo(stream);
            }
            if (kept != null) {
                Files.setPosixFilePermissions(temporary, kept);
            }
            return null;
        });
    }
}
