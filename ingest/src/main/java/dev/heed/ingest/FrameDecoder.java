package dev.heed.ingest;

import dev.heed.common.cli.CommandRunner;
import dev.heed.ingest.source.ReconnectBackoff;
import dev.heed.ingest.source.SourceOptions;
import dev.heed.ingest.source.VideoFrame;
import dev.heed.ingest.source.VideoSource;
import dev.heed.ingest.source.VideoSourceException;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera's decoding thread: opens the source, samples frames and hands them to the processing thread
 * through the {@link FrameQueue}. A live stream that is lost, stalls or cannot be reached is retried forever
 * with capped, jittered backoff (state RECONNECTING); a file that cannot be opened or decoded fails the
 * camera at once (FAILED), since retrying would only repeat the error.
 */
final class FrameDecoder implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(FrameDecoder.class);

    private final CameraConfig camera;
    private final SourceOptions options;
    private final FrameQueue queue;
    private final CameraHealth health;
    private final IngestMetrics.Camera metrics;
    private final ReconnectBackoff backoff;
    private final boolean dropOldest;

    private volatile boolean stopRequested;
    private volatile VideoSource current;
    private volatile boolean reachedEnd;
    /** What a failing live camera does next, for the log. */
    private final String retrying;

    FrameDecoder(CameraConfig camera, StreamSettings stream, FrameQueue queue, CameraHealth health, IngestMetrics.Camera metrics,
                 ReconnectBackoff backoff) {
        this.camera = camera;
        this.options = camera.sourceOptions(stream);
        this.queue = queue;
        this.health = health;
        this.metrics = metrics;
        this.backoff = backoff;
        // A camera (or a file played like one) must not fall behind; a file read flat out may wait instead.
        this.dropOldest = camera.isLive() || camera.realtime();
        this.retrying = "retrying, " + stream.reconnectMin().toMillis() + " ms to " + stream.reconnectMax().toMillis()
                + " ms apart, until it answers";
    }

    void requestStop() {
        stopRequested = true;
    }

    /** True once a file source has ended normally: every frame it had is in the queue. */
    boolean reachedEnd() {
        return reachedEnd;
    }

    /** Called by the stall monitor while the decoding thread may be blocked in a read. */
    void checkStall() {
        VideoSource source = current;
        if (source != null) {
            source.checkStalled();
        }
    }

    @Override
    public void run() {
        boolean failedBefore = false;
        try {
            while (!stopRequested) {
                VideoSource source;
                try {
                    source = VideoSource.open(camera.source(), options, this::onStall);
                } catch (VideoSourceException e) {
                    if (endsAfter(e, metrics.connectFailures())) {
                        return;
                    }
                    failedBefore = true;
                    continue;
                }
                try (source) {
                    String reading = String.format(Locale.ROOT, "reading %s (%dx%d, sampling %s fps%s)", source.description(), source.width(),
                            source.height(), camera.sampleFps(), camera.realtime() && !source.isLive() ? ", real time" : "");
                    if (failedBefore) {
                        metrics.reconnects().inc();
                        failedBefore = false;
                    }
                    current = source;
                    health.enter(CameraState.RUNNING, "", reading);
                    if (read(source)) {
                        reachedEnd = true;
                        log.info("camera {}: end of {} after {} frames", camera.cameraId(), source.description(), source.framesDecoded());
                        return;
                    }
                } catch (VideoSourceException e) {
                    if (endsAfter(e, metrics.disconnects())) {
                        return;
                    }
                    failedBefore = true;
                } finally {
                    current = null;
                }
            }
        } catch (InterruptedException e) {
            // Stop requested while waiting: nothing to clean up beyond the finally below.
        } catch (RuntimeException | LinkageError e) {
            fail(CommandRunner.describe(e));
        } finally {
            queue.close();
        }
    }

    /**
     * After a source failed to open or to read: true if decoding ends here (a stop was requested, or a file
     * failed: files are never retried); otherwise the failure is counted and the next attempt waits its backoff.
     */
    private boolean endsAfter(VideoSourceException e, CounterDataPoint counted) throws InterruptedException {
        if (stopRequested) {
            return true;
        }
        if (!camera.isLive()) {
            fail(e.getMessage());
            return true;
        }
        counted.inc();
        retryLater(e.getMessage());
        return false;
    }

    /** Reads until the file ends (true), or the stop (false); a lost or stalled stream throws. */
    private boolean read(VideoSource source) throws VideoSourceException, InterruptedException {
        long decodedSeen = 0;
        boolean delivering = false;
        while (!stopRequested) {
            VideoFrame frame = source.next();
            metrics.framesDecoded().inc(source.framesDecoded() - decodedSeen);
            decodedSeen = source.framesDecoded();
            if (frame == null) {
                return true;
            }
            if (!delivering) {
                backoff.reset();
                delivering = true;
            }
            metrics.framesSampled().inc();
            if (dropOldest) {
                metrics.framesDropped().inc(queue.offerDroppingOldest(frame));
            } else if (!queue.put(frame)) {
                return false;
            }
        }
        return false;
    }

    /** Runs once per stall, on the monitor's thread or this one, whichever notices first. */
    private void onStall() {
        metrics.stalls().inc();
        VideoSource source = current;
        String reason = "stream stalled: no new frame for " + options.stallTimeout().toMillis() + " ms"
                + (source == null ? "" : " from " + source.description());
        health.enter(CameraState.RECONNECTING, reason, "reconnecting now");
    }

    /** Waits before the next attempt; the camera's health logs the first failure, then a summary now and then. */
    private void retryLater(String reason) throws InterruptedException {
        health.enter(CameraState.RECONNECTING, reason, retrying);
        Duration delay = backoff.nextDelay();
        TimeUnit.NANOSECONDS.sleep(delay.toNanos());
    }

    private void fail(String reason) {
        if (stopRequested) {
            return;
        }
        metrics.cameraErrors().inc();
        health.enter(CameraState.FAILED, reason);
    }
}
