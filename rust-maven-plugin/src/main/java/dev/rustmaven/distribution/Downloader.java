package dev.rustmaven.distribution;

import dev.rustmaven.fs.AtomicPublish;
import dev.rustmaven.fs.Sha256;
import dev.rustmaven.log.BuildLog;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Fetches files over {@code http:}, {@code https:} and {@code file:}, with timeouts, proxies, retries with
 * exponential backoff, progress reports and SHA-256 computed while streaming.
 *
 * <p>Built on {@link HttpURLConnection} because its read timeout bounds every read of the body, so a
 * stalled transfer fails instead of hanging a build.
 *
 * <p><b>Hostile servers</b> are bounded: redirects are followed at most {@value #MAX_REDIRECTS} times and only
 * to the host of the URL asked for, never from {@code https:} to {@code http:}; a small text may hold at most
 * {@link DownloadSettings#maxTextBytes()}, a downloaded file {@link DownloadSettings#maxFileBytes()}, and a
 * declared Content-Length above the limit is refused before the body is read; fetching one file, retries
 * included, ends at {@link DownloadSettings#transferTimeout()} however steadily the server trickles bytes.
 * Headers are bounded by the JDK ({@code jdk.http.maxHeaderSize}, 384 KiB by default) and the read timeout.
 */
public final class Downloader {

    private static final String USER_AGENT = "rust-maven-plugin";
    private static final int MAX_REDIRECTS = 5;
    private static final int BUFFER = 1 << 16;

    /** Ends transfers that outlast {@link DownloadSettings#transferTimeout()}; its thread ends when idle. */
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlineTimer();

    private final DownloadSettings settings;
    private final DownloadListener listener;
    private final BuildLog log;
    private final FileOutput output;

    public Downloader(DownloadSettings settings, DownloadListener listener, BuildLog log) {
        this(settings, listener, log, FileOutput.DISK);
    }

    /** As the public constructor, writing downloads through {@code output} (tests simulate a full disk). */
    Downloader(DownloadSettings settings, DownloadListener listener, BuildLog log, FileOutput output) {
        this.settings = settings;
        this.listener = listener;
        this.log = log;
        this.output = output;
    }

    /** Opens the files this downloader writes, for the unpacking that follows a download. */
    FileOutput output() {
        return output;
    }

    /**
     * Fetches a small text file (a manifest, a checksum) into memory.
     *
     * @return the text, or empty when the server answers 404 (or the file does not exist)
     */
    public Optional<String> fetchText(URI url) throws DistException {
        return fetchBytes(url).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * Fetches a small file into memory, byte for byte (for content whose exact bytes matter, such as a signed
     * text).
     *
     * @return the content, or empty when the server answers 404 (or the file does not exist)
     */
    public Optional<byte[]> fetchBytes(URI url) throws DistException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Limit limit = new Limit(settings.maxTextBytes(), "a manifest or checksum");
        Optional<Transfer> done = withRetries(url, deadline -> {
            bytes.reset();
            return transfer(url, bytes, DownloadListener.NONE, limit, null, deadline);
        });
        return done.map(t -> bytes.toByteArray());
    }

    /**
     * Downloads {@code url} to {@code target}, through a temporary file next to it that is removed on failure.
     *
     * @param expectedSha256 the digest the file must have, or null to accept any
     * @return the file's SHA-256 as hex
     * @throws DistException NOT_FOUND on 404, CHECKSUM_MISMATCH (with URL, expected and actual digest) on a
     *                       wrong digest, NETWORK when retries are exhausted
     */
    public String download(URI url, Path target, String expectedSha256) throws DistException {
        try {
            // The temporary file is created first: an unwritable cache fails here, as an I/O problem, rather
            // than being retried as a network one.
            return AtomicPublish.replaceFile(
                    target,
                    part -> fetchVerified(
                            url,
                            () -> output.open(part),
                            part.getParent(),
                            expectedSha256,
                            "The partial file was deleted."));
        } catch (IOException e) {
            Path dir = target.toAbsolutePath().getParent();
            throw new DistException(
                    DistException.Reason.IO,
                    "Could not write " + target + ": " + e.getMessage() + ". "
                            + (StorageProblems.diskFull(e)
                                    ? "The disk is full: " + StorageProblems.freeSpace(dir)
                                            + ". Free some space or choose another cache directory."
                                    : StorageProblems.notWritableAdvice(dir)),
                    e);
        }
    }

    /** Where a streamed download's bytes go ({@link #stream}). */
    interface Sink {
        /**
         * The stream for one attempt: opened afresh for each, so a retry after a cut transfer starts over (the
         * sink discards what the previous attempt wrote). Closing it does not end the download's consumer.
         */
        OutputStream open() throws IOException;
    }

    /**
     * Downloads {@code url} into {@code sink} as it arrives, with the retries, limits and progress reports of
     * {@link #download}, and checks its sha256 at the end. No file is written here; the sink decides what to keep
     * and must not publish anything before this method returned.
     *
     * @param directory where the sink writes, for messages
     * @return the download's SHA-256 as hex
     * @throws DistException NOT_FOUND on 404, CHECKSUM_MISMATCH (with URL, expected and actual digest) on a
     *                       wrong digest, NETWORK when retries are exhausted
     */
    String stream(URI url, String expectedSha256, Sink sink, Path directory) throws DistException {
        return fetchVerified(
                url, sink, directory, expectedSha256, "What was unpacked from it was deleted; nothing was installed.");
    }

    /**
     * Downloads {@code url} into the streams {@code sink} opens (one an attempt) and checks its sha256.
     *
     * @param expectedSha256 the digest the download must have, or null to accept any
     * @param discarded      what became of the bytes received when the digest is wrong, for the message
     */
    private String fetchVerified(URI url, Sink sink, Path directory, String expectedSha256, String discarded)
            throws DistException {
        Limit limit = new Limit(settings.maxFileBytes(), "a downloaded file");
        Optional<Transfer> done = withRetries(url, deadline -> {
            OutputStream out;
            try {
                out = sink.open();
            } catch (IOException e) {
                throw storeFailure(url, directory, e, -1, 0);
            }
            try (out) {
                return transfer(url, out, listener, limit, directory, deadline);
            }
        });
        if (done.isEmpty()) {
            throw new DistException(DistException.Reason.NOT_FOUND, "Not found (404): " + url);
        }
        String actual = done.get().sha256();
        if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(actual)) {
            throw new DistException(
                    DistException.Reason.CHECKSUM_MISMATCH,
                    "Checksum mismatch for " + url
                            + ": expected sha256 " + expectedSha256 + " but the download has " + actual + ". "
                            + discarded + " Run the build again; if it persists, the dist server or a proxy serves a"
                            + " damaged file.");
        }
        return actual;
    }

    /** The most a transfer may bring, and what kind of file it is, for the message. */
    private record Limit(long bytes, String what) {}

    /** What one successful transfer produced. */
    private record Transfer(long bytes, String sha256) {}

    @FunctionalInterface
    private interface Attempt {
        /** Runs one attempt within {@code deadline}; empty means 404. */
        Optional<Transfer> run(Deadline deadline) throws IOException, DistException;
    }

    /**
     * The end of the time one file may take, retries included. While headers are read, a timer disconnects the
     * connection when the time is up (nothing else ends a header trickled byte by byte); once the body is being
     * read, the reading loop checks the time after each read, which the read timeout bounds. The timer must not
     * disconnect a connection whose body is open: the JDK would then drain that body on its keep-alive thread,
     * holding the lock the reading thread waits for.
     */
    private static final class Deadline implements AutoCloseable {
        private final long end;
        private final ScheduledFuture<?> timer;
        private HttpURLConnection headerPhase;
        private volatile boolean expired;

        Deadline(Duration limit) {
            this.end = System.nanoTime() + limit.toNanos();
            this.timer = DEADLINES.schedule(this::expire, limit.toMillis(), TimeUnit.MILLISECONDS);
        }

        private synchronized void expire() {
            expired = true;
            if (headerPhase != null) {
                headerPhase.disconnect();
            }
        }

        /** {@code connection} is about to read headers: disconnect it when the time is up. */
        synchronized void readingHeaders(HttpURLConnection connection) {
            headerPhase = connection;
            if (expired) {
                connection.disconnect();
            }
        }

        /** The headers are read: from now on the reading loop checks {@link #expired()}. */
        synchronized void headersRead() {
            headerPhase = null;
        }

        boolean expired() {
            return expired || System.nanoTime() - end >= 0;
        }

        @Override
        public synchronized void close() {
            timer.cancel(false);
            headerPhase = null;
        }
    }

    private static ScheduledThreadPoolExecutor deadlineTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "rust-maven-plugin download deadline");
            thread.setDaemon(true);
            return thread;
        });
        timer.setKeepAliveTime(10, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private DistException tooSlow(URI url, Throwable cause) {
        return new DistException(
                DistException.Reason.NETWORK,
                "Fetching " + url + " took longer than the limit of " + describe(settings.transferTimeout())
                        + " for one file (retries included). The server sends too slowly, or trickles bytes"
                        + " on purpose. Check the network and the dist server; on a network that is merely slow, raise"
                        + " the transfer time limit.",
                cause);
    }

    private static String describe(Duration duration) {
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + " ms";
        }
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }

    /** An I/O failure worth another attempt: connection errors, timeouts, cut transfers, 5xx. */
    private static final class RetryableException extends IOException {
        private static final long serialVersionUID = 1L;

        RetryableException(String message) {
            super(message);
        }
    }

    private Optional<Transfer> withRetries(URI url, Attempt attempt) throws DistException {
        try (Deadline deadline = new Deadline(settings.transferTimeout())) {
            return withRetries(url, attempt, deadline);
        }
    }

    private Optional<Transfer> withRetries(URI url, Attempt attempt, Deadline deadline) throws DistException {
        for (int number = 1; ; number++) {
            if (deadline.expired()) {
                throw tooSlow(url, null);
            }
            try {
                return attempt.run(deadline);
            } catch (SSLException e) {
                if (deadline.expired()) {
                    throw tooSlow(url, e);
                }
                throw new DistException(
                        DistException.Reason.NETWORK,
                        "TLS failure fetching " + url + ": "
                                + e.getMessage() + ". Check the JVM's trust store (a proxy that inspects TLS needs its"
                                + " certificate there).",
                        e);
            } catch (IOException e) {
                if (deadline.expired()) {
                    throw tooSlow(url, e);
                }
                String why = describe(e);
                if (number >= settings.maxAttempts()) {
                    throw new DistException(
                            DistException.Reason.NETWORK,
                            "Could not fetch " + url + " after "
                                    + number + (number == 1 ? " attempt: " : " attempts: ") + why
                                    + ". Check the network,"
                                    + " the proxy settings and the dist server, or raise the timeouts.",
                            e);
                }
                Duration pause = settings.backoff(number);
                log.warn("Fetching " + url + " failed (" + why + "); retrying in " + pause.toMillis() + " ms"
                        + " (attempt " + (number + 1) + " of " + settings.maxAttempts() + ")");
                sleep(pause, url);
            }
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        if (e instanceof RetryableException) {
            return e.getMessage();
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out" + message;
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return "cannot connect" + message;
        }
        if (e instanceof UnknownHostException) {
            return "unknown host" + message;
        }
        return e.getClass().getSimpleName() + message;
    }

    private static void sleep(Duration pause, URI url) throws DistException {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistException(DistException.Reason.NETWORK, "Interrupted while waiting to retry " + url, e);
        }
    }

    /**
     * One attempt at fetching {@code url} into {@code out}.
     *
     * @param directory where {@code out} writes, for messages; null for memory
     */
    private Optional<Transfer> transfer(
            URI url, OutputStream out, DownloadListener progress, Limit limit, Path directory, Deadline deadline)
            throws IOException, DistException {
        if ("file".equalsIgnoreCase(url.getScheme())) {
            try (InputStream in = Files.newInputStream(Path.of(url))) {
                long size = Files.size(Path.of(url));
                checkDeclared(url, size, "is", limit);
                return Optional.of(copy(url, in, out, size, progress, limit, directory, null));
            } catch (NoSuchFileException | FileNotFoundException e) {
                return Optional.empty();
            }
        }
        URI current = url;
        for (int redirects = 0; ; redirects++) {
            HttpURLConnection connection = open(current);
            deadline.readingHeaders(connection);
            try {
                int status;
                try {
                    status = connection.getResponseCode();
                } finally {
                    deadline.headersRead();
                }
                if (status == HttpURLConnection.HTTP_NOT_FOUND || status == HttpURLConnection.HTTP_GONE) {
                    return Optional.empty();
                }
                if (isRedirect(status)) {
                    current = redirectTarget(url, current, status, connection.getHeaderField("Location"), redirects);
                    continue;
                }
                if (status == HttpURLConnection.HTTP_PROXY_AUTH) {
                    throw new DistException(
                            DistException.Reason.PROXY_AUTHENTICATION,
                            "The proxy refused to fetch "
                                    + current + " (407 Proxy Authentication Required). Check the proxy's username and"
                                    + " password in settings.xml (<proxies>).");
                }
                if (status >= 500 || status == 429 || status == HttpURLConnection.HTTP_CLIENT_TIMEOUT) {
                    throw new RetryableException("server answered " + status);
                }
                if (status != HttpURLConnection.HTTP_OK) {
                    throw new DistException(
                            DistException.Reason.NETWORK,
                            "Fetching " + current + " failed: the" + " server answered " + status + " "
                                    + connection.getResponseMessage() + ".");
                }
                long declared = connection.getContentLengthLong();
                checkDeclared(current, declared, "declares (Content-Length)", limit);
                try (InputStream in = connection.getInputStream()) {
                    return Optional.of(copy(current, in, out, declared, progress, limit, directory, deadline));
                }
            } catch (IOException e) {
                if (isTunnelAuthFailure(e)) {
                    throw new DistException(
                            DistException.Reason.PROXY_AUTHENTICATION,
                            "The proxy refused to"
                                    + " open a tunnel to " + current
                                    + " (407). Check the proxy's username and password in"
                                    + " settings.xml. For https through a proxy with Basic authentication, the JDK needs"
                                    + " -Djdk.http.auth.tunneling.disabledSchemes= (empty) in MAVEN_OPTS.",
                            e);
                }
                throw e;
            } finally {
                connection.disconnect();
            }
        }
    }

    /**
     * Where a redirect leads, if it may be followed: at most {@value #MAX_REDIRECTS} redirects, only to the host
     * of {@code asked} (the configured server: another port or http -> https is fine), never https -> http.
     */
    static URI redirectTarget(URI asked, URI current, int status, String location, int redirects) throws DistException {
        if (location == null || location.isBlank()) {
            throw new DistException(
                    DistException.Reason.MALFORMED,
                    "Fetching " + current + ": the server answered " + status + " (a redirect) without a Location"
                            + " header. Check the dist server's address.");
        }
        if (redirects >= MAX_REDIRECTS) {
            throw new DistException(
                    DistException.Reason.NETWORK,
                    "Fetching " + asked + " was redirected more than the limit of " + MAX_REDIRECTS + " times (the"
                            + " last time from " + current + " to " + location + "). The server or a proxy redirects in"
                            + " a loop; check the dist server's address.");
        }
        URI next;
        try {
            next = current.resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new DistException(
                    DistException.Reason.MALFORMED,
                    "Fetching " + current + ": the server redirects to '" + location + "', which is not a URL.",
                    e);
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        boolean sameHost = next.getHost() != null && next.getHost().equalsIgnoreCase(asked.getHost());
        boolean downgrade = "https".equalsIgnoreCase(current.getScheme()) && !scheme.equals("https");
        if (!(scheme.equals("http") || scheme.equals("https")) || !sameHost || downgrade) {
            throw new DistException(
                    DistException.Reason.MALFORMED,
                    "Fetching " + current + ": the server redirects to " + next + ", which is refused: redirects are"
                            + " followed only to the host " + asked.getHost() + " of the configured server, and never"
                            + " from https to http, so that what is installed comes from the server configured. If the"
                            + " files really live there, configure that address as the dist server.");
        }
        return next;
    }

    /** Refuses a file whose size, known before its body is read, is above {@code limit}. */
    private static void checkDeclared(URI url, long declared, String verb, Limit limit) throws DistException {
        if (declared > limit.bytes()) {
            throw new DistException(
                    DistException.Reason.MALFORMED,
                    url + " " + verb + " " + StorageProblems.size(declared) + ", more than the limit of "
                            + StorageProblems.human(limit.bytes()) + " for " + limit.what()
                            + ". Nothing was downloaded. Check the dist server's address; a genuine file this"
                            + " large needs a higher limit.");
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean isTunnelAuthFailure(IOException e) {
        String message = e.getMessage();
        return message != null && message.contains("Unable to tunnel through proxy") && message.contains("407");
    }

    private HttpURLConnection open(URI url) throws IOException {
        Optional<ProxySettings> proxy = settings.proxyFor(url);
        HttpURLConnection connection;
        if (proxy.isPresent()) {
            ProxySettings p = proxy.get();
            log.debug("Fetching " + url + " through " + p);
            connection = (HttpURLConnection) url.toURL()
                    .openConnection(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.host(), p.port())));
            if (p.hasCredentials()) {
                connection.setAuthenticator(proxyAuthenticator(p));
            }
        } else {
            connection = (HttpURLConnection) url.toURL().openConnection(Proxy.NO_PROXY);
        }
        connection.setConnectTimeout(millis(settings.connectTimeout()));
        connection.setReadTimeout(millis(settings.readTimeout()));
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestProperty("User-Agent", USER_AGENT);
        return connection;
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    private static Authenticator proxyAuthenticator(ProxySettings proxy) {
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                // Only ever hand the proxy's credentials to the proxy, never to the server behind it.
                if (getRequestorType() != RequestorType.PROXY) {
                    return null;
                }
                return new PasswordAuthentication(
                        proxy.username(), proxy.password().toCharArray());
            }
        };
    }

    /** The error for a download that cannot be written: where, why, and the space it needs when known. */
    private static DistException storeFailure(URI url, Path directory, IOException e, long total, long received) {
        String where = directory == null ? "memory" : directory.toString();
        String advice;
        if (StorageProblems.diskFull(e)) {
            String needed = total >= 0
                    ? "the file needs " + StorageProblems.size(total) + " (its Content-Length)"
                    : "the file needs more than the " + StorageProblems.size(received) + " written so far";
            advice = "The disk is full: " + needed + " and "
                    + (directory == null ? "too little is free" : StorageProblems.freeSpace(directory))
                    + ". Free some space or choose another cache directory; the partial file was deleted and the next"
                    + " build downloads it again.";
        } else if (directory != null && StorageProblems.notWritable(e)) {
            advice = StorageProblems.notWritableAdvice(directory);
        } else {
            advice = "Check free space and permissions of " + where + ".";
        }
        return new DistException(
                DistException.Reason.IO,
                "Could not store the download of " + url + " in " + where + ": " + e.getMessage() + ". " + advice,
                e);
    }

    private static Transfer copy(
            URI url,
            InputStream in,
            OutputStream out,
            long total,
            DownloadListener progress,
            Limit limit,
            Path directory,
            Deadline deadline)
            throws IOException, DistException {
        MessageDigest digest = Sha256.newDigest();
        long start = System.nanoTime();
        progress.started(url, total);
        byte[] buffer = new byte[BUFFER];
        long received = 0;
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                throw new RetryableException("transfer cut after " + received + (total >= 0 ? " of " + total : "")
                        + " bytes (" + describe(e) + ")");
            }
            if (deadline != null && deadline.expired()) {
                // Thrown as I/O so that withRetries words it; the deadline is checked there before anything else.
                throw new IOException("the transfer time limit passed after " + received + " bytes");
            }
            if (n < 0) {
                break;
            }
            if (received + n > limit.bytes()) {
                throw new DistException(
                        DistException.Reason.MALFORMED,
                        url + " sent more than the limit of " + StorageProblems.human(limit.bytes()) + " for "
                                + limit.what() + (total >= 0 ? "" : " without declaring a length")
                                + "; the transfer was stopped and nothing was kept. Check the dist server's address.");
            }
            if (total >= 0 && received + n > total) {
                throw new DistException(
                        DistException.Reason.MALFORMED,
                        url + " sent more than the " + total + " bytes its Content-Length declares; nothing was"
                                + " kept.");
            }
            try {
                out.write(buffer, 0, n);
            } catch (IOException e) {
                // A full disk is not cured by downloading again.
                throw storeFailure(url, directory, e, total, received);
            }
            digest.update(buffer, 0, n);
            received += n;
            double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-6);
            progress.progressed(url, received, total, received / seconds);
        }
        if (total >= 0 && received != total) {
            throw new RetryableException("transfer cut after " + received + " of " + total + " bytes");
        }
        progress.finished(url, received, Duration.ofNanos(System.nanoTime() - start));
        return new Transfer(received, Sha256.hex(digest));
    }
}
