package dev.heed.ingest.preview;

import dev.heed.common.cli.CommandRunner;
import dev.heed.common.image.BgrImage;
import dev.heed.ingest.source.VideoFrame;
import dev.heed.ingest.track.TrackedFrame;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns watched cameras' analysed frames into preview frames (downscaled, JPEG) on a thread of its own. Cameras hand
 * frames over without waiting: the queue is short and, when full, the oldest frame is dropped and counted. The pixels
 * stay in memory: nothing is written anywhere but the camera's {@link FrameHistory}.
 */
final class PreviewEncoder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PreviewEncoder.class);
    /** A few frames: the encoder takes a few ms per frame, so a full queue means it is far behind. */
    static final int QUEUE_CAPACITY = 8;

    private record Job(CameraChannel channel, VideoFrame frame, TrackedFrame tracked) {
    }

    private final PreviewSettings settings;
    private final PreviewMetrics metrics;
    private final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private volatile boolean closed;

    PreviewEncoder(PreviewSettings settings, PreviewMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "heed-preview-encoder");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Called on a camera's thread; never blocks. */
    void offer(CameraChannel channel, VideoFrame frame, TrackedFrame tracked) {
        if (closed || !channel.watched()) {
            return;
        }
        Job job = new Job(channel, frame, tracked);
        while (!queue.offer(job)) {
            Job dropped = queue.poll();
            if (dropped != null) {
                metrics.framesDropped(dropped.channel().camera().cameraId());
            }
        }
    }

    private void run() {
        while (!closed) {
            Job job;
            try {
                job = queue.poll(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (job == null) {
                continue;
            }
            try {
                job.channel().addFrame(encode(job));
            } catch (RuntimeException e) {
                // Never the frame itself in a log: only what went wrong.
                log.warn("preview frame of camera {} not encoded: {}", job.channel().camera().cameraId(), CommandRunner.describe(e));
                metrics.framesDropped(job.channel().camera().cameraId());
            }
        }
    }

    PreviewFrame encode(VideoFrame frame, TrackedFrame tracked) {
        BgrImage image = frame.image();
        BgrImage shown = image;
        if (image.width() > settings.maxWidth()) {
            int h = Math.max(1, Math.round((float) image.height() * settings.maxWidth() / image.width()));
            shown = image.resize(settings.maxWidth(), h);
        }
        return new PreviewFrame(frame.captureTimeMs(), shown.toJpeg(settings.jpegQuality()), PreviewEvents.frame(frame, tracked));
    }

    private PreviewFrame encode(Job job) {
        return encode(job.frame(), job.tracked());
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        queue.clear();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
