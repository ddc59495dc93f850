package dev.heed.ingest;

import dev.heed.ingest.source.ReconnectBackoff;
import dev.heed.ingest.track.FaceTracker;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One camera on two threads of its own: a {@link FrameDecoder} that keeps up with the stream and a
 * {@link FrameProcessor} that detects, tracks and publishes, joined by a {@link FrameQueue} of at most
 * {@link #QUEUE_CAPACITY} frames. Nothing is shared with other cameras but the Kafka producer, so a camera
 * failing, reconnecting, being added or removed never disturbs the others.
 */
final class CameraWorker {
    /** Two frames: one being detected, one waiting; anything older is stale for a live camera. */
    static final int QUEUE_CAPACITY = 2;

    private final CameraConfig camera;
    private final CameraHealth health;
    private final FrameDecoder decoder;
    private final FrameProcessor processor;
    private final Thread decodeThread;
    private final Thread processThread;
    private final AtomicInteger running = new AtomicInteger(2);
    private volatile boolean stopRequested;

    CameraWorker(CameraConfig camera, StreamSettings stream, FrameProcessor.DetectorLoader detectorLoader, FaceTracker tracker,
                 FramePublisher publisher, IngestMetrics.Camera metrics) {
        this.camera = camera;
        this.health = new CameraHealth(camera.cameraId(), metrics.state(), stream.reportInterval());
        FrameQueue queue = new FrameQueue(QUEUE_CAPACITY);
        ReconnectBackoff backoff = new ReconnectBackoff(stream.reconnectMin(), stream.reconnectMax(), () -> ThreadLocalRandom.current().nextDouble());
        this.decoder = new FrameDecoder(camera, stream, queue, health, metrics, backoff);
        this.processor = new FrameProcessor(camera, detectorLoader, tracker, publisher, queue, health, metrics, decoder::reachedEnd,
                decoder::requestStop);
        this.decodeThread = new Thread(() -> runThenSettle(decoder), "heed-ingest-" + camera.cameraId() + "-decode");
        this.processThread = new Thread(() -> runThenSettle(processor), "heed-ingest-" + camera.cameraId() + "-detect");
    }

    void start() {
        decodeThread.start();
        processThread.start();
    }

    CameraConfig config() {
        return camera;
    }

    String cameraId() {
        return camera.cameraId();
    }

    CameraStatus status() {
        return health.status();
    }

    /** For the stall monitor: notices a live stream that stopped delivering while its reader is blocked. */
    void checkStall() {
        decoder.checkStall();
    }

    /**
     * Asks both threads to stop; interrupts cut waits (backoff, queue) short. A read blocked inside FFmpeg
     * returns within the RTSP socket timeout.
     */
    void requestStop() {
        stopRequested = true;
        decoder.requestStop();
        processor.requestStop();
        decodeThread.interrupt();
        processThread.interrupt();
    }

    /** Waits until both threads have ended or the deadline ({@link System#nanoTime()}) passes; true if they ended. */
    boolean awaitStopped(long deadlineNanos) throws InterruptedException {
        for (Thread t : new Thread[] {decodeThread, processThread}) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            }
        }
        return !decodeThread.isAlive() && !processThread.isAlive();
    }

    private void runThenSettle(Runnable part) {
        try {
            part.run();
        } finally {
            // The second thread to end settles a camera that ended without a verdict: it was stopped.
            if (running.decrementAndGet() == 0 && !health.status().state().isTerminal()) {
                health.enter(CameraState.STOPPED, stopRequested ? "" : "both threads ended");
            }
        }
    }
}
