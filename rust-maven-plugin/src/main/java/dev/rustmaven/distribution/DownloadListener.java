package dev.rustmaven.distribution;

import java.net.URI;
import java.time.Duration;

/** Hears how a download is going. Called on the downloading thread; keep it cheap. */
public interface DownloadListener {

    /** A transfer (or a retry of it) started; {@code totalBytes} is -1 when the server did not say. */
    void started(URI url, long totalBytes);

    /** More bytes arrived. Called often: listeners decide how much of it to show. */
    void progressed(URI url, long bytesSoFar, long totalBytes, double bytesPerSecond);

    /** The transfer completed. */
    void finished(URI url, long bytes, Duration took);

    /** Hears nothing; for quiet builds. */
    DownloadListener NONE = new DownloadListener() {
        @Override
        public void started(URI url, long totalBytes) {}

        @Override
        public void progressed(URI url, long bytesSoFar, long totalBytes, double bytesPerSecond) {}

        @Override
        public void finished(URI url, long bytes, Duration took) {}
    };
}
