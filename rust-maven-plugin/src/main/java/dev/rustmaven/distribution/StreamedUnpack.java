package dev.rustmaven.distribution;

import dev.rustmaven.fs.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Unpacks a tarball while it downloads: the download writes into the stream {@link #open} returns, and a thread
 * decompresses and extracts what arrives into a tree. The tree is only handed out by {@link #finish}, which the
 * caller calls once the download's sha256 matched; a mismatch, a cut transfer or any failure leaves it to be deleted.
 *
 * <p>Each download attempt opens the sink afresh: a retry after a cut transfer deletes what the previous attempt
 * extracted and starts over. When the extraction fails (a damaged archive, an unsafe entry), the rest of the
 * download is still read, and discarded, so that its checksum decides which error is reported: a download that
 * does not match the manifest is reported as such, whatever its content did to the extractor.
 */
final class StreamedUnpack implements Downloader.Sink, AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final PackageArchive archive;
    private final Path tree;
    private final Predicate<String> keep;
    private final FileOutput output;
    /**
     * The xz block decoders of every download of the JVM, as many as there are cores (at most 4): rust-std of
     * several targets fetched at once share them rather than each starting its own, which on a small machine
     * would run more decoders than cores. Threads end after 10 s idle, so nothing stays behind a build.
     */
    private static final ExecutorService DECODERS = decoderPool();

    private final ExecutorService decoders = DECODERS;
    private Attempt attempt;

    private static ExecutorService decoderPool() {
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4));
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads, threads, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("xz decoder"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    StreamedUnpack(PackageArchive archive, Path tree, Predicate<String> keep, FileOutput output) {
        this.archive = archive;
        this.tree = tree;
        this.keep = keep;
        this.output = output;
    }

    @Override
    public OutputStream open() throws IOException {
        abandon();
        attempt = new Attempt();
        return attempt.writer;
    }

    /**
     * The extraction's result, once the download has ended and its checksum matched.
     *
     * @throws DistException MALFORMED when the archive could not be unpacked (its message says the download passed
     *                       its checksum), IO when the disk failed
     */
    TarballInstalls.Unpacked finish() throws IOException, DistException {
        if (attempt == null) {
            throw new IllegalStateException("nothing was downloaded");
        }
        TarballInstalls.Unpacked unpacked = attempt.finish();
        attempt = null; // the tree is the caller's now: closing must not delete it
        return unpacked;
    }

    @Override
    public void close() throws IOException {
        abandon();
    }

    /** Stops a running extraction and deletes what it wrote. */
    private void abandon() throws IOException {
        if (attempt != null) {
            attempt.abandon();
            attempt = null;
            FileTrees.delete(tree);
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, "rust-maven-plugin " + name + " " + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One attempt: a pipe from the download to an extracting thread, started at the first byte. */
    private final class Attempt {
        private final Pipe pipe = new Pipe();
        private final AtomicLong received = new AtomicLong();
        private Thread thread;
        private TarballInstalls.Unpacked result;
        private Throwable failure;

        private final OutputStream writer = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (thread == null) {
                    start();
                }
                received.addAndGet(len);
                pipe.write(b, off, len);
            }
        };

        private void start() {
            thread = daemon("unpack").newThread(this::extract);
            thread.start();
        }

        private void extract() {
            try (InputStream tar = decompress()) {
                result = TarballInstalls.unpack(archive, tar, tree, keep, output, this::downloaded);
            } catch (Throwable e) {
                failure = e;
            } finally {
                pipe.readerGone();
            }
        }

        /**
         * The tarball's size, for the message of a full disk: the extraction stops reading, and waits for the
         * download to end so that the size is the whole file's.
         */
        private long downloaded() {
            pipe.readerGone();
            pipe.awaitEnd();
            return received.get();
        }

        private InputStream decompress() throws DistException {
            try {
                return archive.compression() == Compression.XZ
                        ? ParallelXzInputStream.open(pipe.reader, decoders, 4)
                        : archive.compression().decompress(pipe.reader);
            } catch (IOException e) {
                throw TarballInstalls.unreadable(archive, e);
            }
        }

        TarballInstalls.Unpacked finish() throws IOException, DistException {
            if (thread == null) {
                start(); // an empty download: the extractor says what it makes of nothing
            }
            pipe.end();
            join();
            if (failure instanceof DistException e) {
                throw e;
            }
            if (failure instanceof IOException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            return result;
        }

        void abandon() throws IOException {
            pipe.abandon();
            join();
        }

        private void join() throws InterruptedIOException {
            if (thread == null) {
                return;
            }
            try {
                thread.join();
            } catch (InterruptedException e) {
                pipe.abandon();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while unpacking " + archive.url());
            }
        }
    }

    /**
     * A bounded queue of chunks from the downloading thread to the extracting one. Once the reader is gone
     * (finished or failed), writes are discarded; once the pipe is abandoned, the reader fails.
     */
    private static final class Pipe {
        private static final byte[] END = new byte[0];
        private final ArrayBlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(64);
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile boolean readerGone;
        private volatile boolean abandoned;

        void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) {
                put(Arrays.copyOfRange(b, off, off + len));
            }
        }

        void end() throws IOException {
            ended.countDown();
            put(END);
        }

        /** Waits until the writer has ended or abandoned the pipe. */
        void awaitEnd() {
            try {
                ended.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void readerGone() {
            readerGone = true;
            chunks.clear();
        }

        void abandon() {
            abandoned = true;
            ended.countDown();
            chunks.clear();
        }

        private void put(byte[] chunk) throws IOException {
            try {
                while (!readerGone && !abandoned && !chunks.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
                    // the extractor is busy: wait for room, unless it has gone
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while downloading");
            }
        }

        final InputStream reader = new InputStream() {
            private byte[] current = new byte[0];
            private int offset;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (offset == current.length) {
                    if (ended) {
                        return -1;
                    }
                    byte[] next = take();
                    if (next == END) {
                        ended = true;
                        return -1;
                    }
                    current = next;
                    offset = 0;
                }
                int n = Math.min(len, current.length - offset);
                System.arraycopy(current, offset, b, off, n);
                offset += n;
                return n;
            }

            private byte[] take() throws IOException {
                try {
                    while (true) {
                        if (abandoned) {
                            throw new InterruptedIOException("the download was abandoned");
                        }
                        byte[] next = chunks.poll(50, TimeUnit.MILLISECONDS);
                        if (next != null) {
                            return next;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while unpacking");
                }
            }
        };
    }
}
