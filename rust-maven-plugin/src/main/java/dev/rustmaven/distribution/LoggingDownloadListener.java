package dev.rustmaven.distribution;

import dev.rustmaven.log.BuildLog;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reports downloads to a {@link BuildLog} in a handful of lines per file: the start, each quarter (percent
 * and MB/s), the end. Without a known size it reports every {@value #UNSIZED_STEP_MB} MB instead.
 */
public final class LoggingDownloadListener implements DownloadListener {

    private static final long MB = 1024 * 1024;
    private static final int UNSIZED_STEP_MB = 25;

    private final BuildLog log;
    /** Per URL: downloads of several targets run at once. */
    private final Map<URI, Long> nextReport = new HashMap<>();

    public LoggingDownloadListener(BuildLog log) {
        this.log = log;
    }

    @Override
    public synchronized void started(URI url, long totalBytes) {
        nextReport.put(url, step(totalBytes));
        log.info("Downloading " + url + (totalBytes >= 0 ? " (" + megabytes(totalBytes) + ")" : ""));
    }

    @Override
    public synchronized void progressed(URI url, long bytesSoFar, long totalBytes, double bytesPerSecond) {
        long next = nextReport.getOrDefault(url, step(totalBytes));
        if (bytesSoFar < next || (totalBytes >= 0 && bytesSoFar >= totalBytes)) {
            return;
        }
        long step = step(totalBytes);
        while (next <= bytesSoFar) {
            next += step;
        }
        nextReport.put(url, next);
        String amount = totalBytes > 0
                ? (bytesSoFar * 100 / totalBytes) + "% of " + megabytes(totalBytes)
                : megabytes(bytesSoFar);
        log.info("  " + fileName(url) + ": " + amount + ", " + rate(bytesPerSecond));
    }

    @Override
    public synchronized void finished(URI url, long bytes, Duration took) {
        nextReport.remove(url);
        double seconds = Math.max(took.toNanos() / 1e9, 1e-3);
        log.info(String.format(
                Locale.ROOT,
                "Downloaded %s (%s) in %.1f s (%s)",
                fileName(url),
                megabytes(bytes),
                seconds,
                rate(bytes / seconds)));
    }

    private static String fileName(URI url) {
        String path = url.getPath() == null ? url.toString() : url.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static long step(long totalBytes) {
        return totalBytes > 0 ? Math.max(1, (totalBytes + 3) / 4) : UNSIZED_STEP_MB * MB;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (double) MB);
    }

    private static String rate(double bytesPerSecond) {
        return String.format(Locale.ROOT, "%.1f MB/s", bytesPerSecond / MB);
    }
}
