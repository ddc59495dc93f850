package dev.heed.ingest;

import dev.heed.common.cli.CommandRunner;
import dev.heed.ingest.detect.Detection;
import dev.heed.ingest.detect.DetectorException;
import dev.heed.ingest.detect.FaceDetector;
import dev.heed.ingest.source.VideoFrame;
import dev.heed.ingest.track.FaceTracker;
import dev.heed.ingest.track.TrackedFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.errors.InterruptException;

/**
 * A camera's processing thread: takes sampled frames from the {@link FrameQueue} and detects, tracks, crops
 * and publishes their faces. It loads the camera's detector itself, so a camera added while running never
 * holds up the others; a detector that cannot be loaded or fails fails this camera only.
 */
final class FrameProcessor implements Runnable {
    private static final long POLL_MS = 200;

    /** Loads a detector; called once, on the processing thread. */
    interface DetectorLoader {
        FaceDetector load() throws DetectorException;
    }

    private final CameraConfig camera;
    private final DetectorLoader detectorLoader;
    private final FaceTracker tracker;
    private final FramePublisher publisher;
    private final FrameQueue queue;
    private final CameraHealth health;
    private final IngestMetrics.Camera metrics;
    private final BooleanSupplier sourceEnded;
    private final Runnable stopDecoding;
    private volatile boolean stopRequested;
    /** The last frame published: the stream's end is dated by it. */
    private VideoFrame lastFrame;
    private final RecentlyEndedTracks recentlyEnded = new RecentlyEndedTracks();

    /**
     * @param sourceEnded  whether the decoder stopped because a file ended (then this thread finishes the camera)
     * @param stopDecoding stops the decoder when this thread fails
     */
    FrameProcessor(CameraConfig camera, DetectorLoader detectorLoader, FaceTracker tracker, FramePublisher publisher, FrameQueue queue,
                   CameraHealth health, IngestMetrics.Camera metrics, BooleanSupplier sourceEnded, Runnable stopDecoding) {
        this.camera = camera;
        this.detectorLoader = detectorLoader;
        this.tracker = tracker;
        this.publisher = publisher;
        this.queue = queue;
        this.health = health;
        this.metrics = metrics;
        this.sourceEnded = sourceEnded;
        this.stopDecoding = stopDecoding;
    }

    void requestStop() {
        stopRequested = true;
    }

    @Override
    public void run() {
        FaceDetector detector = null;
        boolean failed = false;
        try {
            detector = detectorLoader.load();
            while (!stopRequested) {
                VideoFrame frame = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    process(detector, frame);
                } else if (queue.isDrained()) {
                    break;
                }
            }
        } catch (InterruptedException | InterruptException e) {
            // Stopped while waiting for a frame or for Kafka.
        } catch (DetectorException | RuntimeException | LinkageError e) {
            failed = true;
            if (!stopRequested) {
                // describe(), never the throwable: exception chains may carry the source URL.
                String reason = CommandRunner.describe(e);
                metrics.cameraErrors().inc();
                health.enter(CameraState.FAILED, reason);
                stopDecoding.run();
            }
        } finally {
            if (detector != null) {
                detector.close();
            }
        }
        try {
            if (!failed) {
                endStream();
                if (!stopRequested && sourceEnded.getAsBoolean()) {
                    // Finished means delivered: the demo and tests read the topics as soon as this state shows.
                    publisher.flush();
                    health.enter(CameraState.FINISHED, "", "the file has ended and everything it gave is in Kafka");
                }
            }
        } catch (InterruptException e) {
            // Stopped while handing the last records to Kafka.
        } finally {
            metrics.activeTracks().set(0);
            metrics.hiddenTracks().set(0);
        }
    }

    /**
     * The file has ended or the camera is being stopped: every live track ends with the stream, marked so, and the
     * aggregator can close those people's windows at once instead of waiting for samples that will not come. The
     * tracks that ended recently are told too (see {@link RecentlyEndedTracks}).
     */
    private void endStream() {
        if (lastFrame == null) {
            return;
        }
        // A stop interrupts this thread; the last records are still worth handing to the producer (max.block.ms bounds it).
        boolean interrupted = Thread.interrupted();
        List<TrackedFrame.Ended> live = tracker.endAll().ended();
        for (TrackedFrame.Ended e : live) {
            metrics.tracksEnded(e.reason()).inc();
        }
        List<TrackedFrame.Ended> told = new ArrayList<>(recentlyEnded.since(lastFrame.captureTimeMs()));
        told.addAll(live);
        publisher.publishStreamEnd(lastFrame, told);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void process(FaceDetector detector, VideoFrame frame) throws DetectorException {
        long t0 = System.nanoTime();
        List<Detection> detections = detector.detect(frame.image());
        metrics.detectSeconds().observe((System.nanoTime() - t0) / 1e9);
        TrackedFrame tracked = tracker.update(detections, frame.image(), frame.captureTimeMs());
        metrics.activeTracks().set(tracker.activeTracks());
        metrics.hiddenTracks().set(tracker.hiddenTracks());
        for (TrackedFrame.Ended e : tracked.ended()) {
            metrics.tracksEnded(e.reason()).inc();
        }
        recentlyEnded.add(tracked.ended(), frame.captureTimeMs());
        publisher.publish(frame, tracked);
        lastFrame = frame;
    }
}
