package dev.rustmaven.distribution;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How downloads behave.
 *
 * @param connectTimeout  how long to wait for a connection
 * @param readTimeout     how long a read may block before the transfer counts as stalled
 * @param transferTimeout how long fetching one file may take in all, retries included: bounds a server that
 *                        trickles bytes just fast enough to beat the read timeout
 * @param maxAttempts     attempts per file, including the first; retries happen on connection errors,
 *                        timeouts, cut transfers and 5xx responses, never on 404
 * @param initialBackoff  the pause before the first retry; it doubles for each further retry
 * @param maxTextBytes    the most a small file fetched into memory (a manifest, a checksum) may hold
 * @param maxFileBytes    the most a downloaded file (a tarball) may hold
 * @param proxies         proxies to choose from by URL (the first that applies wins); empty for direct access
 */
public record DownloadSettings(
        Duration connectTimeout,
        Duration readTimeout,
        Duration transferTimeout,
        int maxAttempts,
        Duration initialBackoff,
        long maxTextBytes,
        long maxFileBytes,
        List<ProxySettings> proxies) {

    /** 16 MiB: the largest manifest of the Rust project (a nightly's) is about 1 MB. */
    public static final long DEFAULT_MAX_TEXT_BYTES = 16L << 20;

    /** 4 GiB: the largest tarball fetched (rustc of Rust 1.95.0) is under 100 MB compressed. */
    public static final long DEFAULT_MAX_FILE_BYTES = 4L << 30;

    /**
     * 30 s to connect, 60 s per read, 1 h per file, 4 attempts, 1 s first backoff, the default size limits, no
     * proxy.
     */
    public static final DownloadSettings DEFAULTS = new DownloadSettings(
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            Duration.ofHours(1),
            4,
            Duration.ofSeconds(1),
            DEFAULT_MAX_TEXT_BYTES,
            DEFAULT_MAX_FILE_BYTES,
            List.of());

    public DownloadSettings {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(transferTimeout, "transferTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must not be negative: " + initialBackoff);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (maxTextBytes < 1 || maxFileBytes < 1) {
            throw new IllegalArgumentException("size limits must be positive: " + maxTextBytes + ", " + maxFileBytes);
        }
        proxies = List.copyOf(proxies);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    public DownloadSettings withTimeouts(Duration connect, Duration read) {
        return new DownloadSettings(
                connect, read, transferTimeout, maxAttempts, initialBackoff, maxTextBytes, maxFileBytes, proxies);
    }

    public DownloadSettings withTransferTimeout(Duration transfer) {
        return new DownloadSettings(
                connectTimeout,
                readTimeout,
                transfer,
                maxAttempts,
                initialBackoff,
                maxTextBytes,
                maxFileBytes,
                proxies);
    }

    public DownloadSettings withRetries(int attempts, Duration backoff) {
        return new DownloadSettings(
                connectTimeout, readTimeout, transferTimeout, attempts, backoff, maxTextBytes, maxFileBytes, proxies);
    }

    public DownloadSettings withSizeLimits(long textBytes, long fileBytes) {
        return new DownloadSettings(
                connectTimeout,
                readTimeout,
                transferTimeout,
                maxAttempts,
                initialBackoff,
                textBytes,
                fileBytes,
                proxies);
    }

    public DownloadSettings withProxies(List<ProxySettings> newProxies) {
        return new DownloadSettings(
                connectTimeout,
                readTimeout,
                transferTimeout,
                maxAttempts,
                initialBackoff,
                maxTextBytes,
                maxFileBytes,
                newProxies);
    }

    /** The proxy to use for {@code url}, if any. */
    public Optional<ProxySettings> proxyFor(URI url) {
        return proxies.stream().filter(p -> p.appliesTo(url)).findFirst();
    }

    /** The pause before retry number {@code retry} (1 for the first retry). */
    public Duration backoff(int retry) {
        return initialBackoff.multipliedBy(1L << Math.min(retry - 1, 16));
    }
}
