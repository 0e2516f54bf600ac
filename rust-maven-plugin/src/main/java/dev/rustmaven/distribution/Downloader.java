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
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Fetches files over {@code http:}, {@code https:} and {@code file:}, with timeouts, proxies, retries with
 * exponential backoff, progress reports and SHA-256 computed while streaming.
 *
 * <p>Built on {@link HttpURLConnection} because its read timeout bounds every read of the body, so a
 * stalled transfer fails instead of hanging a build.
 */
public final class Downloader {

    private static final String USER_AGENT = "rust-maven-plugin";
    private static final int MAX_REDIRECTS = 5;
    private static final int BUFFER = 1 << 16;

    private final DownloadSettings settings;
    private final DownloadListener listener;
    private final BuildLog log;

    public Downloader(DownloadSettings settings, DownloadListener listener, BuildLog log) {
        this.settings = settings;
        this.listener = listener;
        this.log = log;
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
        Optional<Transfer> done = withRetries(url, () -> {
            bytes.reset();
            return transfer(url, bytes, DownloadListener.NONE);
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
            return AtomicPublish.replaceFile(target, part -> {
                Optional<Transfer> done = withRetries(url, () -> {
                    try (OutputStream out = Files.newOutputStream(part)) {
                        return transfer(url, out, listener);
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
                                    + ": expected sha256 " + expectedSha256 + " but the download has " + actual
                                    + ". The partial file was deleted. Run the build again; if it persists, the dist server"
                                    + " or a proxy serves a damaged file.");
                }
                return actual;
            });
        } catch (IOException e) {
            throw new DistException(
                    DistException.Reason.IO,
                    "Could not write " + target + ": " + e.getMessage()
                            + ". Check that the cache directory is writable.",
                    e);
        }
    }

    /** What one successful transfer produced. */
    private record Transfer(long bytes, String sha256) {}

    @FunctionalInterface
    private interface Attempt {
        /** Runs one attempt; empty means 404. */
        Optional<Transfer> run() throws IOException, DistException;
    }

    /** An I/O failure worth another attempt: connection errors, timeouts, cut transfers, 5xx. */
    private static final class RetryableException extends IOException {
        private static final long serialVersionUID = 1L;

        RetryableException(String message) {
            super(message);
        }
    }

    private Optional<Transfer> withRetries(URI url, Attempt attempt) throws DistException {
        for (int number = 1; ; number++) {
            try {
                return attempt.run();
            } catch (SSLException e) {
                throw new DistException(
                        DistException.Reason.NETWORK,
                        "TLS failure fetching " + url + ": "
                                + e.getMessage() + ". Check the JVM's trust store (a proxy that inspects TLS needs its"
                                + " certificate there).",
                        e);
            } catch (IOException e) {
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

    private Optional<Transfer> transfer(URI url, OutputStream out, DownloadListener progress)
            throws IOException, DistException {
        if ("file".equalsIgnoreCase(url.getScheme())) {
            try (InputStream in = Files.newInputStream(Path.of(url))) {
                return Optional.of(copy(url, in, out, Files.size(Path.of(url)), progress));
            } catch (NoSuchFileException | FileNotFoundException e) {
                return Optional.empty();
            }
        }
        URI current = url;
        for (int redirects = 0; ; redirects++) {
            HttpURLConnection connection = open(current);
            try {
                int status = connection.getResponseCode();
                if (status == HttpURLConnection.HTTP_NOT_FOUND || status == HttpURLConnection.HTTP_GONE) {
                    return Optional.empty();
                }
                if (isRedirect(status) && redirects < MAX_REDIRECTS) {
                    String location = connection.getHeaderField("Location");
                    if (location != null) {
                        current = current.resolve(location);
                        continue;
                    }
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
                try (InputStream in = connection.getInputStream()) {
                    return Optional.of(copy(current, in, out, connection.getContentLengthLong(), progress));
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

    private static Transfer copy(URI url, InputStream in, OutputStream out, long total, DownloadListener progress)
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
            if (n < 0) {
                break;
            }
            try {
                out.write(buffer, 0, n);
            } catch (IOException e) {
                // A full disk is not cured by downloading again.
                throw new DistException(
                        DistException.Reason.IO,
                        "Could not store the download of " + url + ": " + e.getMessage()
                                + ". Check free space and permissions of the cache directory.",
                        e);
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
