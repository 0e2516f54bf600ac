package dev.rustmaven.distribution;

import dev.rustmaven.log.BuildLog;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Reports downloads to a {@link BuildLog} in a handful of lines per file: the start, each quarter (percent
 * and MB/s), the end. Without a known size it reports every {@value #UNSIZED_STEP_MB} MB instead.
 */
public final class LoggingDownloadListener implements DownloadListener {

    private static final long MB = 1024 * 1024;
    private static final int UNSIZED_STEP_MB = 25;

    private final BuildLog log;
    private long nextReport;

    public LoggingDownloadListener(BuildLog log) {
        this.log = log;
    }

    @Override
    public synchronized void started(URI url, long totalBytes) {
        nextReport = step(totalBytes);
        log.info("Downloading " + url + (totalBytes >= 0 ? " (" + megabytes(totalBytes) + ")" : ""));
    }

    @Override
    public synchronized void progressed(URI url, long bytesSoFar, long totalBytes, double bytesPerSecond) {
        if (bytesSoFar < nextReport || (totalBytes >= 0 && bytesSoFar >= totalBytes)) {
            return;
        }
        long step = step(totalBytes);
        while (nextReport <= bytesSoFar) {
            nextReport += step;
        }
        String amount = totalBytes > 0
                ? (bytesSoFar * 100 / totalBytes) + "% of " + megabytes(totalBytes)
                : megabytes(bytesSoFar);
        log.info("  " + amount + ", " + rate(bytesPerSecond));
    }

    @Override
    public synchronized void finished(URI url, long bytes, Duration took) {
        double seconds = Math.max(took.toNanos() / 1e9, 1e-3);
        log.info(String.format(
                Locale.ROOT, "Downloaded %s in %.1f s (%s)", megabytes(bytes), seconds, rate(bytes / seconds)));
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
