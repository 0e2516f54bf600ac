package dev.rustmaven.distribution;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How downloads behave.
 *
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout    how long a read may block before the transfer counts as stalled
 * @param maxAttempts    attempts per file, including the first; retries happen on connection errors,
 *                       timeouts, cut transfers and 5xx responses, never on 404
 * @param initialBackoff the pause before the first retry; it doubles for each further retry
 * @param proxies        proxies to choose from by URL (the first that applies wins); empty for direct access
 */
public record DownloadSettings(
        Duration connectTimeout,
        Duration readTimeout,
        int maxAttempts,
        Duration initialBackoff,
        List<ProxySettings> proxies) {

    /** 30 s to connect, 60 s per read, 4 attempts, 1 s first backoff, no proxy. */
    public static final DownloadSettings DEFAULTS =
            new DownloadSettings(Duration.ofSeconds(30), Duration.ofSeconds(60), 4, Duration.ofSeconds(1), List.of());

    public DownloadSettings {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must not be negative: " + initialBackoff);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
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
        return new DownloadSettings(connect, read, maxAttempts, initialBackoff, proxies);
    }

    public DownloadSettings withRetries(int attempts, Duration backoff) {
        return new DownloadSettings(connectTimeout, readTimeout, attempts, backoff, proxies);
    }

    public DownloadSettings withProxies(List<ProxySettings> newProxies) {
        return new DownloadSettings(connectTimeout, readTimeout, maxAttempts, initialBackoff, newProxies);
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
