package dev.rustmaven.loader.cache;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts a library's bytes at {@code <root>/<sha256>/<file name>} and hands back a verified path.
 *
 * <p>Safe with many threads and JVMs at once: a writer fills its own temporary file in the same
 * directory and renames it into place atomically, so a reader only ever sees a complete file; every
 * file is hashed before it is returned, and one that does not match (damaged or tampered with) is
 * replaced. Every file the cache writes is flushed to disk ({@code fsync}) and made read-only
 * before it is renamed into place: such a "sealed" file, of the current user, with the size the
 * library's properties give, is reused without reading it; any other file (writable, another size,
 * written by an older loader, or no size known) is hashed first, and sealed when it matches. Writers
 * of the same library take a file lock ({@code .<file>.lock}, left in place) so
 * that one extracts and the others reuse its copy; where the file system has no locks, the rename
 * alone still keeps every copy whole.
 *
 * <p>Nothing planted by another user is followed or trusted: the root may be a symbolic link only
 * if the current user or root owns the link; {@code <sha256>} must be a real directory of the
 * current user; a cached file that is a symbolic link, not a regular file or not the current
 * user's is never read and is replaced; files are opened with {@code NOFOLLOW_LINKS}.
 */
public final class LibraryCache {

    /** Temporary files older than this are left over from a killed JVM and are removed. */
    private static final long STALE_TEMP_MILLIS = 10 * 60 * 1000L;

    /** One monitor per lock file: a JVM's file lock cannot be taken twice, so its threads queue here first. */
    private static final ConcurrentHashMap<Object, Object> LOCKS = new ConcurrentHashMap<>();

    /** Counts the files this JVM created under unique names. */
    private static final AtomicLong CREATED = new AtomicLong();

    /** Counts the existing files this JVM hashed to verify them. */
    private static final AtomicLong HASHED = new AtomicLong();

    private LibraryCache() {}

    /** What {@link #install} did. */
    public enum Outcome {
        /** A verified copy was already there. */
        REUSED,
        /** The file was written. */
        EXTRACTED,
        /** A file was there with the wrong content and was replaced. */
        REPLACED
    }

    /** The verified file and how it got there. */
    public static final class Entry {
        private final Path file;
        private final Outcome outcome;

        Entry(Path file, Outcome outcome) {
            this.file = file;
            this.outcome = outcome;
        }

        public Path file() {
            return file;
        }

        public Outcome outcome() {
            return outcome;
        }
    }

    /** Opens the library's bytes; may be called more than once. */
    public interface Content {
        InputStream open() throws IOException;
    }

    /**
     * Makes {@code root} usable as a cache: creates it (owner-only on POSIX), checks that entries
     * can be created in it and that it belongs to the current user (a directory under a shared
     * temp dir that someone else created must not be trusted).
     *
     * @throws IOException saying what is wrong with the directory
     */
    public static void prepareRoot(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            if (posix()) {
                Files.createDirectories(
                        root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(root);
            }
        }
        // The probe (an empty directory, created exclusively, removed at once) tells who "the current user" is.
        // A directory rather than a file: creating a file opens a channel, and NIO's channel classes are
        // not loaded yet when an application starts.
        Path probe = createUnique(root, ".probe", ".tmp", true);
        try {
            UserPrincipal me = Files.getOwner(probe, LinkOption.NOFOLLOW_LINKS);
            if (Files.isSymbolicLink(root)) {
                UserPrincipal linkOwner = Files.getOwner(root, LinkOption.NOFOLLOW_LINKS);
                if (!linkOwner.equals(me) && !"root".equals(linkOwner.getName())) {
                    throw new IOException(root + " is a symbolic link owned by " + linkOwner.getName() + ", not by "
                            + me.getName() + ": another user may have planted it; it is not followed");
                }
            }
            UserPrincipal owner = Files.getOwner(root);
            if (!me.equals(owner)) {
                throw new IOException(root + " belongs to " + owner.getName() + ", not to " + me.getName());
            }
            if (posix()) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(root);
                if (permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                    throw new IOException(root + " can be written by every user ("
                            + PosixFilePermissions.toString(permissions)
                            + "): another user could plant files in it; make it private (chmod 700)"
                            + " or choose another cache directory");
                }
                removeGroupWrite(root, permissions);
            }
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /**
     * Returns {@code <root>/<sha256>/<fileName>} holding exactly the content with that sha256,
     * writing it if it is missing or wrong.
     *
     * @param sha256 lower-case hex sha256 of the content
     * @throws ChecksumMismatchException if the content itself does not have that sha256
     * @throws IOException if the directory cannot be written
     */
    public static Entry install(Path root, String sha256, String fileName, Content content) throws IOException {
        return install(root, sha256, fileName, -1, false, content);
    }

    /**
     * Like {@link #install(Path, String, String, Content)}; a sealed copy of {@code size} bytes is
     * reused without hashing it unless {@code hashAlways}.
     *
     * @param size the library's size in bytes, or -1 if unknown (then the copy is always hashed)
     * @param hashAlways hash the copy even when it is sealed ({@code dev.rustmaven.loader.verify=always})
     */
    public static Entry install(
            Path root, String sha256, String fileName, long size, boolean hashAlways, Content content)
            throws IOException {
        String expected = sha256.toLowerCase(Locale.ROOT);
        // prepareRoot made sure the root is the current user's
        UserPrincipal me = Files.getOwner(root);
        Path dir = root.resolve(expected);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                createPrivateDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // another writer made it just now; checked below like any other
            }
        }
        requireOwnDirectory(dir, me);
        Path target = dir.resolve(fileName);
        boolean existed = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (trusted(target, me) && intact(target, expected, size, hashAlways)) {
            return new Entry(target, Outcome.REUSED);
        }
        Path lockFile = dir.resolve("." + fileName + ".lock");
        synchronized (StartRecord.monitor(LOCKS, lockFile.toAbsolutePath().normalize())) {
            try (FileChannel channel = FileChannel.open(
                    lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                lockOrGoOn(channel);
                // another JVM may have written it while this one waited for the lock
                if (trusted(target, me) && intact(target, expected, size, hashAlways)) {
                    return new Entry(target, Outcome.REUSED);
                }
                existed = existed || Files.exists(target, LinkOption.NOFOLLOW_LINKS);
                write(dir, target, fileName, expected, content);
            }
        }
        return new Entry(target, existed ? Outcome.REPLACED : Outcome.EXTRACTED);
    }

    /**
     * True if the file (a trusted regular file) holds the content with sha256 {@code expected}: without
     * reading it when it is sealed and of the expected size, else by hashing it, after which a match is sealed.
     */
    private static boolean intact(Path file, String expected, long size, boolean hashAlways) throws IOException {
        if (!hashAlways && size >= 0 && posix()) {
            Map<String, Object> a = StartRecord.unixAttributes(file);
            if (a != null && StartRecord.sealed(a, size)) {
                return true;
            }
        }
        if (!matches(file, expected)) {
            return false;
        }
        seal(file);
        return true;
    }

    /**
     * Flushes a verified file to disk and makes it read-only, so that later loads trust it by its size
     * (best effort: a file that cannot be sealed is hashed again next time).
     */
    private static void seal(Path file) {
        if (!posix()) {
            return;
        }
        try {
            sync(file);
            Files.setPosixFilePermissions(file, readOnly());
        } catch (IOException | UnsupportedOperationException e) {
            // hashed again on the next load
        }
    }

    /** {@code r--------}; made when needed, not in the class initializer: an EnumSet costs a warm load. */
    static Set<PosixFilePermission> readOnly() {
        return PosixFilePermissions.fromString("r--------");
    }

    /** {@code fsync} of a file or directory; a file system that cannot sync a directory is passed over. */
    private static void sync(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * The warm path: {@link StartRecord#sealedCopy}'s copy, or null, and the caller takes the full way ({@link
     * #prepareRoot}, {@link #install}), which explains any refusal.
     */
    public static Entry reuse(Path root, String sha256, String fileName, long size) {
        Path file = StartRecord.sealedCopy(root, sha256, fileName, size);
        return file == null ? null : new Entry(file, Outcome.REUSED);
    }

    /** How many existing files this JVM hashed to verify them: a test's proof that a warm load reads none. */
    public static long filesHashed() {
        return HASHED.get();
    }

    /**
     * Creates a new empty file, or directory, {@code <prefix><unique><suffix>} in {@code dir}, private to
     * its owner. Not {@code Files.createTempFile}: its random names come from a {@code SecureRandom}, whose
     * seeding loads the security providers, tens of milliseconds on every start. An unpredictable name is
     * not needed: the entry is created exclusively (which also refuses a symbolic link in its place), and
     * a name that is taken is passed over for the next.
     */
    static Path createUnique(Path dir, String prefix, String suffix, boolean directory) throws IOException {
        FileAlreadyExistsException taken = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            Path entry = dir.resolve(prefix + Long.toHexString(System.nanoTime()) + "-"
                    + Long.toHexString(CREATED.incrementAndGet()) + suffix);
            try {
                return directory ? createPrivateDirectory(entry) : createPrivateFile(entry);
            } catch (FileAlreadyExistsException e) {
                taken = e;
            }
        }
        throw taken;
    }

    /** Creates a directory exclusively, owner-only ({@code rwx------}) on POSIX. */
    private static Path createPrivateDirectory(Path dir) throws IOException {
        if (posix()) {
            return Files.createDirectory(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return Files.createDirectory(dir);
    }

    /** Creates an empty file exclusively, readable and writable by its owner only on POSIX. */
    static Path createPrivateFile(Path file) throws IOException {
        if (posix()) {
            return Files.createFile(
                    file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createFile(file);
    }

    /** Holds the channel's exclusive lock until it is closed; without lock support, goes on unlocked. */
    private static void lockOrGoOn(FileChannel channel) {
        try {
            channel.lock();
        } catch (IOException | OverlappingFileLockException e) {
            // No locks on this file system (some NFS mounts), or a second copy of this class in the JVM
            // holds it: two writers then both extract, and the atomic rename keeps the copy whole.
        }
    }

    /** A real directory (not a symbolic link) of the given user, or an IOException saying what it is. */
    private static void requireOwnDirectory(Path dir, UserPrincipal me) throws IOException {
        BasicFileAttributes attributes =
                Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            throw new IOException(dir + " is a symbolic link, not a directory: another user may have planted it;"
                    + " it is not followed");
        }
        if (!attributes.isDirectory()) {
            throw new IOException(dir + " is not a directory");
        }
        UserPrincipal owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
        if (!owner.equals(me)) {
            throw new IOException(dir + " belongs to " + owner.getName() + ", not to " + me.getName());
        }
        if (posix()) {
            // Made by an earlier run under a lax umask, or by hand: the user owns it, so it is made private,
            // else another user could swap the library between its check and System.load.
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            if (permissions.contains(PosixFilePermission.OTHERS_WRITE)
                    || permissions.contains(PosixFilePermission.GROUP_WRITE)) {
                permissions.remove(PosixFilePermission.OTHERS_WRITE);
                permissions.remove(PosixFilePermission.GROUP_WRITE);
                Files.setPosixFilePermissions(dir, permissions);
            }
        }
    }

    /** A root the user owns that its group may write is made group read-only: a group can be shared. */
    private static void removeGroupWrite(Path root, Set<PosixFilePermission> permissions) throws IOException {
        if (permissions.remove(PosixFilePermission.GROUP_WRITE)) {
            Files.setPosixFilePermissions(root, permissions);
        }
    }

    /** True for a regular file (not a symbolic link) of the given user: the only kind that is read. */
    static boolean trusted(Path file, UserPrincipal me) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        }
        return attributes.isRegularFile()
                && Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).equals(me);
    }

    private static void write(Path dir, Path target, String fileName, String expected, Content content)
            throws IOException {
        removeStaleTemporaries(dir, fileName);
        Path temp = createUnique(dir, "." + fileName + ".", ".tmp", false);
        try {
            String actual;
            try (InputStream in = content.open();
                    FileOutputStream out = new FileOutputStream(temp.toFile())) {
                actual = copyAndHash(in, out);
                // on disk before the rename: after a crash the name holds the whole file or the old one
                out.getFD().sync();
            }
            if (!actual.equals(expected)) {
                throw new ChecksumMismatchException("the library content for " + fileName, expected, actual);
            }
            if (posix()) {
                // written once: read-only, which is what lets a later load trust it by its size
                Files.setPosixFilePermissions(temp, readOnly());
            }
            publish(temp, target, expected);
            try {
                sync(dir);
            } catch (IOException e) {
                // some file systems cannot sync a directory; the rename is then as durable as they make it
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void publish(Path temp, Path target, String expected) throws IOException {
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // on Windows a loaded DLL cannot be replaced: fine if another JVM already put the right bytes there
            if (!(Files.exists(target) && matches(target, expected))) {
                throw e;
            }
        }
        if (!matches(target, expected)) {
            throw new IOException(target + " changed while it was being written: another process writes to this cache");
        }
    }

    /** True if the file's sha256 is {@code expected}. */
    public static boolean matches(Path file, String expected) throws IOException {
        HASHED.incrementAndGet();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return copyAndHash(in, null).equals(expected.toLowerCase(Locale.ROOT));
        }
    }

    /** The lower-case hex sha256 of a stream's remaining bytes. */
    public static String sha256(InputStream in) throws IOException {
        return copyAndHash(in, null);
    }

    private static String copyAndHash(InputStream in, OutputStream out) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
            if (out != null) {
                out.write(buffer, 0, n);
            }
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : digest.digest()) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }

    private static void removeStaleTemporaries(Path dir, String fileName) {
        long cutoff = System.currentTimeMillis() - STALE_TEMP_MILLIS;
        // ".<file>.*.tmp", matched by hand rather than by a glob, which is compiled into a regex
        String prefix = "." + fileName + ".";
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path t : entries) {
                String name = t.getFileName().toString();
                if (!(name.startsWith(prefix) && name.endsWith(".tmp") && name.length() >= prefix.length() + 4)) {
                    continue;
                }
                FileTime modified = Files.getLastModifiedTime(t);
                if (modified.toMillis() < cutoff) {
                    Files.deleteIfExists(t);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            // Best effort: a leftover temporary file wastes space but breaks nothing. Listing can fail while
            // iterating, too: a 32-bit JVM on a file system with 64-bit directory cookies gets EOVERFLOW.
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
