package dev.rustmaven.distribution;

import dev.rustmaven.fs.FileTrees;
import dev.rustmaven.log.BuildLog;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds the right to install one component, against other threads and other processes. A file lock alone is
 * not enough inside one JVM (a second lock on the same file throws instead of waiting), so threads queue on a
 * per-file lock first. The lock file is never deleted: deleting it would let two builds lock different files.
 * {@link CacheLayout#lockFile(Path)} names the lock file of a directory in the cache.
 */
public final class InstallLock implements AutoCloseable {

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private InstallLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /**
     * Waits until this thread holds {@code lockFile}, saying so in the log when it has to wait.
     *
     * @param what names what is being installed, for the log
     */
    public static InstallLock acquire(Path lockFile, String what, BuildLog log)
            throws IOException, InterruptedException {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        if (!threadLock.tryLock()) {
            log.info("Waiting for another thread that is installing " + what);
            threadLock.lockInterruptibly();
        }
        FileChannel channel = null;
        try {
            FileTrees.createDirectories(key.getParent());
            channel = openLockFile(key);
            FileLock fileLock = channel.tryLock();
            if (fileLock == null) {
                log.info("Waiting for another build that is installing " + what + " (lock " + key + ")");
                fileLock = channel.lock();
            }
            return new InstallLock(threadLock, channel, fileLock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            threadLock.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            threadLock.unlock();
        }
    }

    /** Opens (creating it {@code rw-r--r--} at most where there are POSIX permissions) the lock file. */
    private static FileChannel openLockFile(Path file) throws IOException {
        java.util.Set<java.nio.file.OpenOption> options =
                java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return FileChannel.open(
                    file,
                    options,
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--")));
        }
        return FileChannel.open(file, options);
    }
}
