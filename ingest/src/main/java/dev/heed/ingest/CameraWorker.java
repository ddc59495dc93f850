package dev.heed.ingest;

import com.google.protobuf.ByteString;
import dev.heed.common.cli.CommandRunner;
import dev.heed.common.image.BgrImage;
import dev.heed.ingest.crop.CropPolicy;
import dev.heed.ingest.detect.Detection;
import dev.heed.ingest.detect.FaceDetector;
import dev.heed.ingest.geometry.Rect;
import dev.heed.ingest.source.VideoFrame;
import dev.heed.ingest.source.VideoSource;
import dev.heed.ingest.track.FaceTracker;
import dev.heed.ingest.track.TrackedFace;
import dev.heed.proto.v1.Box;
import dev.heed.proto.v1.FaceCrop;
import dev.heed.proto.v1.FrameSummary;
import dev.heed.proto.v1.Point;
import dev.heed.topics.PersonKey;
import dev.heed.topics.Topics;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera, on one thread: decode, sample, detect, track, crop, encode and publish each face as a
 * {@link FaceCrop} and each sampled frame as a {@link FrameSummary}. Work happens on this thread only and
 * sends are asynchronous into the producer's bounded buffer, so nothing queues up without limit: a slow
 * stage slows the camera down (a live stream then drops frames inside FFmpeg's buffers).
 *
 * <p>Any failure stops this camera only (state FAILED, logged without credentials, counted); it never
 * propagates to other cameras or the process.
 */
public final class CameraWorker implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(CameraWorker.class);
    static final String CROP_ENCODING = "jpeg";

    private final CameraConfig camera;
    private final FaceDetector detector;
    private final FaceTracker tracker;
    private final CropPolicy cropPolicy;
    private final int jpegQuality;
    private final Producer<String, byte[]> producer;
    private final IngestMetrics.Camera metrics;
    private final Callback sendCallback;
    private final AtomicLong publishErrors = new AtomicLong();

    private volatile CameraState state = CameraState.STARTING;
    private volatile boolean stopRequested;
    private volatile String failure;

    /** The worker owns the detector and closes it when it ends; the producer is shared and stays open. */
    public CameraWorker(CameraConfig camera, FaceDetector detector, FaceTracker tracker, CropPolicy cropPolicy, int jpegQuality,
                        Producer<String, byte[]> producer, IngestMetrics.Camera metrics) {
        this.camera = camera;
        this.detector = detector;
        this.tracker = tracker;
        this.cropPolicy = cropPolicy;
        this.jpegQuality = jpegQuality;
        this.producer = producer;
        this.metrics = metrics;
        this.sendCallback = (meta, e) -> {
            if (e != null) {
                onPublishError(e);
            }
        };
    }

    public String cameraId() {
        return camera.cameraId();
    }

    public CameraState state() {
        return state;
    }

    /** Why the camera failed (credentials removed), or null. */
    public String failure() {
        return failure;
    }

    /** Asks the worker to stop after the current frame; the owner also interrupts its thread to cut pacing sleeps short. */
    public void requestStop() {
        stopRequested = true;
    }

    @Override
    public void run() {
        try (VideoSource source = VideoSource.open(camera.source(), camera.sourceOptions())) {
            state = CameraState.RUNNING;
            log.info("camera {}: reading {} ({}x{}, sampling {} fps{})", camera.cameraId(), source.description(), source.width(),
                    source.height(), camera.sampleFps(), camera.realtime() && !source.isLive() ? ", real time" : "");
            long decodedSeen = 0;
            while (!stopRequested) {
                VideoFrame frame = source.next();
                metrics.framesDecoded().inc(source.framesDecoded() - decodedSeen);
                decodedSeen = source.framesDecoded();
                if (frame == null) {
                    // Finished means delivered: the demo and tests read the topics as soon as this state shows.
                    producer.flush();
                    state = CameraState.FINISHED;
                    log.info("camera {}: end of {} after {} frames", camera.cameraId(), source.description(), decodedSeen);
                    return;
                }
                process(frame);
            }
            state = CameraState.STOPPED;
        } catch (InterruptedException | InterruptException e) {
            if (!stopRequested) {
                fail(e);
            } else {
                state = CameraState.STOPPED;
            }
        } catch (Exception | LinkageError e) {
            if (stopRequested) {
                state = CameraState.STOPPED;
            } else {
                fail(e);
            }
        } finally {
            if (!state.isTerminal()) {
                state = CameraState.STOPPED;
            }
            metrics.activeTracks().set(0);
            detector.close();
        }
    }

    private void fail(Throwable e) {
        // The exception chain may carry the source URL from FFmpeg's messages: describe() redacts it, and the
        // throwable itself is never handed to the logger.
        failure = CommandRunner.describe(e);
        metrics.cameraErrors().inc();
        state = CameraState.FAILED;
        log.error("camera {} failed and is stopped: {}", camera.cameraId(), failure);
    }

    private void process(VideoFrame frame) throws Exception {
        metrics.framesSampled().inc();
        BgrImage image = frame.image();
        long t0 = System.nanoTime();
        List<Detection> detections = detector.detect(image);
        metrics.detectSeconds().observe((System.nanoTime() - t0) / 1e9);
        List<TrackedFace> faces = tracker.update(detections, frame.captureTimeMs());
        metrics.activeTracks().set(tracker.activeTracks());

        FrameSummary.Builder summary = FrameSummary.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setCameraId(camera.cameraId())
                .setFrameNumber(frame.frameNumber())
                .setCaptureTimeMs(frame.captureTimeMs())
                .setFaceCount(faces.size())
                .setFrameWidth(image.width())
                .setFrameHeight(image.height());
        for (TrackedFace face : faces) {
            publishCrop(frame, face);
            summary.addTrackIds(face.trackId());
        }
        metrics.faces().inc(faces.size());
        send(new ProducerRecord<>(Topics.FRAME_SUMMARIES.name(), camera.cameraId(), summary.build().toByteArray()));
    }

    private void publishCrop(VideoFrame frame, TrackedFace face) {
        Detection d = face.detection();
        CropPolicy.Crop crop = cropPolicy.apply(frame.image(), d.box());
        byte[] jpeg = crop.image().toJpeg(jpegQuality);
        FaceCrop.Builder msg = FaceCrop.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setCameraId(camera.cameraId())
                .setTrackId(face.trackId())
                .setFrameNumber(frame.frameNumber())
                .setCaptureTimeMs(frame.captureTimeMs())
                .setFaceBox(box(d.box()))
                .setDetectorScore(d.score())
                .setCrop(ByteString.copyFrom(jpeg))
                .setCropEncoding(CROP_ENCODING)
                .setCropBox(box(crop.box()))
                .setCropPolicy(cropPolicy.name())
                .setCropSize(cropPolicy.size())
                .setFrameWidth(frame.image().width())
                .setFrameHeight(frame.image().height());
        for (int k = 0; k < Detection.LANDMARK_COUNT; k++) {
            msg.addLandmarks(Point.newBuilder().setX(d.landmarkX(k)).setY(d.landmarkY(k)));
        }
        msg.setPublishTimeMs(System.currentTimeMillis());
        String key = new PersonKey(camera.cameraId(), face.trackId()).toString();
        send(new ProducerRecord<>(Topics.FACE_CROPS.name(), key, msg.build().toByteArray()));
        metrics.decodeToPublishSeconds().observe((System.nanoTime() - frame.decodedAtNanos()) / 1e9);
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record, sendCallback);
        } catch (InterruptException e) {
            throw e;
        } catch (RuntimeException e) {
            // Kafka unreachable (max.block.ms passed) or the record rejected up front: this frame is lost, the camera goes on.
            onPublishError(e);
        }
    }

    private void onPublishError(Exception e) {
        metrics.publishErrors().inc();
        long n = publishErrors.incrementAndGet();
        // A broker outage fails every record: log the first and then every 100th, not each one.
        if (n == 1 || n % 100 == 0) {
            log.warn("camera {}: {} record(s) not published so far; latest: {}", camera.cameraId(), n, CommandRunner.describe(e));
        }
    }

    private static Box box(Rect r) {
        return Box.newBuilder().setX(r.x()).setY(r.y()).setWidth(r.width()).setHeight(r.height()).build();
    }
}
