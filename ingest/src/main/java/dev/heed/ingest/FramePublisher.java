package dev.heed.ingest;

import com.google.protobuf.ByteString;
import dev.heed.common.cli.CommandRunner;
import dev.heed.ingest.crop.CropPolicy;
import dev.heed.ingest.detect.Detection;
import dev.heed.ingest.geometry.Rect;
import dev.heed.ingest.source.VideoFrame;
import dev.heed.ingest.track.TrackedFace;
import dev.heed.ingest.track.TrackedFrame;
import dev.heed.proto.v1.Box;
import dev.heed.proto.v1.FaceCrop;
import dev.heed.proto.v1.FrameSummary;
import dev.heed.proto.v1.Point;
import dev.heed.proto.v1.Visibility;
import dev.heed.topics.PersonKey;
import dev.heed.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one camera's tracked faces: each face cut out by the crop policy, JPEG-encoded, as a
 * {@link FaceCrop} keyed {@code <camera>/<track>}; each hidden track (head in place, no face found) as a FaceCrop
 * with visibility FACE_HIDDEN and each ended track as one with visibility GONE, both without crop or landmarks,
 * under the same key; and each frame as a {@link FrameSummary} keyed by camera.
 * Sends are asynchronous into the producer's bounded buffer; a record Kafka cannot take (unreachable, buffer
 * still full after max.block.ms, rejected) is dropped and counted, and the camera goes on.
 *
 * <p>Public, with {@link #records} and {@link #send} as two steps, so that {@code heed bench ingest} can time the
 * CPU work (crop, JPEG, Protobuf) apart from handing the records to Kafka; the service calls {@link #publish}.
 */
public final class FramePublisher {
    private static final Logger log = LoggerFactory.getLogger(FramePublisher.class);
    static final String CROP_ENCODING = "jpeg";

    private final CameraConfig camera;
    private final CropPolicy cropPolicy;
    private final int jpegQuality;
    private final Producer<String, byte[]> producer;
    private final IngestMetrics.Camera metrics;
    private final Callback sendCallback;
    private final AtomicLong publishErrors = new AtomicLong();
    private final FrameTap tap;

    public FramePublisher(CameraConfig camera, CropPolicy cropPolicy, int jpegQuality, Producer<String, byte[]> producer,
                          IngestMetrics.Camera metrics) {
        this(camera, cropPolicy, jpegQuality, producer, metrics, FrameTap.NONE);
    }

    /** As the other constructor, and every published frame is shown to {@code tap} (the live preview). */
    public FramePublisher(CameraConfig camera, CropPolicy cropPolicy, int jpegQuality, Producer<String, byte[]> producer,
                          IngestMetrics.Camera metrics, FrameTap tap) {
        this.tap = tap;
        this.camera = camera;
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

    /** Crops, encodes and publishes the frame's faces, hidden and ended tracks, and its summary. */
    void publish(VideoFrame frame, TrackedFrame tracked) {
        send(frame, records(frame, tracked));
        tap.frame(frame, tracked);
    }

    /**
     * The frame's records: crops first, then the hidden tracks' and the ended tracks' records, the summary last; the CPU
     * work (crop, JPEG, Protobuf), nothing sent yet.
     */
    public FrameRecords records(VideoFrame frame, TrackedFrame tracked) {
        List<TrackedFace> faces = tracked.faces();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(faces.size() + tracked.hidden().size() + tracked.ended().size() + 1);
        FrameSummary.Builder summary = FrameSummary.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setCameraId(camera.cameraId())
                .setFrameNumber(frame.frameNumber())
                .setCaptureTimeMs(frame.captureTimeMs())
                .setFaceCount(faces.size())
                .setFrameWidth(frame.image().width())
                .setFrameHeight(frame.image().height());
        for (TrackedFace face : faces) {
            records.add(crop(frame, face));
            summary.addTrackIds(face.trackId());
        }
        for (TrackedFrame.Hidden h : tracked.hidden()) {
            records.add(noFace(frame, h.trackId(), h.headBox(), Visibility.VISIBILITY_FACE_HIDDEN, false));
            summary.addHiddenTrackIds(h.trackId());
        }
        for (TrackedFrame.Ended e : tracked.ended()) {
            records.add(noFace(frame, e.trackId(), e.headBox(), Visibility.VISIBILITY_GONE, false));
        }
        records.add(new ProducerRecord<>(Topics.FRAME_SUMMARIES.name(), camera.cameraId(), summary.build().toByteArray()));
        return new FrameRecords(records, faces.size());
    }

    /**
     * One frame's records, in the order they are sent.
     *
     * @param all   every record of the frame
     * @param crops how many of them are face crops (the first ones)
     */
    public record FrameRecords(List<ProducerRecord<String, byte[]>> all, int crops) {
    }

    /** Hands the frame's records (from {@link #records}) to the producer. */
    public void send(VideoFrame frame, FrameRecords records) {
        for (ProducerRecord<String, byte[]> r : records.all()) {
            send(r);
        }
        metrics.faces().inc(records.crops());
        double latency = (System.nanoTime() - frame.decodedAtNanos()) / 1e9;
        for (int i = 0; i < records.crops(); i++) {
            metrics.decodeToPublishSeconds().observe(latency);
        }
    }

    /**
     * Publishes the end of the camera's stream: a GONE record with stream_ended for each of the tracks, dated at the
     * last frame read; no frame summary (there is no frame).
     *
     * @param lastFrame the last frame that was published
     */
    void publishStreamEnd(VideoFrame lastFrame, List<TrackedFrame.Ended> tracks) {
        long errorsBefore = publishErrors.get();
        for (TrackedFrame.Ended e : tracks) {
            send(noFace(lastFrame, e.trackId(), e.headBox(), Visibility.VISIBILITY_GONE, true));
            if (publishErrors.get() > errorsBefore) {
                // Kafka cannot take records now (each try may block for max.block.ms): a stop must not wait on every one.
                break;
            }
        }
    }

    /** Waits until everything sent so far is acknowledged (or failed). */
    void flush() {
        producer.flush();
    }

    private ProducerRecord<String, byte[]> crop(VideoFrame frame, TrackedFace face) {
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
                .setFrameHeight(frame.image().height())
                .setAttentionPolicyId(camera.attentionPolicyId());
        for (int k = 0; k < Detection.LANDMARK_COUNT; k++) {
            msg.addLandmarks(Point.newBuilder().setX(d.landmarkX(k)).setY(d.landmarkY(k)));
        }
        msg.setPublishTimeMs(System.currentTimeMillis());
        String key = new PersonKey(camera.cameraId(), face.trackId()).toString();
        return new ProducerRecord<>(Topics.FACE_CROPS.name(), key, msg.build().toByteArray());
    }

    /**
     * A record without a face: the track's head box, no crop, no landmarks, score 0 (the contract of Visibility in
     * common.proto).
     */
    private ProducerRecord<String, byte[]> noFace(VideoFrame frame, long trackId, Rect headBox, Visibility visibility,
                                                  boolean streamEnded) {
        FaceCrop msg = FaceCrop.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setCameraId(camera.cameraId())
                .setTrackId(trackId)
                .setFrameNumber(frame.frameNumber())
                .setCaptureTimeMs(frame.captureTimeMs())
                .setFaceBox(box(headBox))
                .setFrameWidth(frame.image().width())
                .setFrameHeight(frame.image().height())
                .setAttentionPolicyId(camera.attentionPolicyId())
                .setVisibility(visibility)
                .setStreamEnded(streamEnded)
                .setPublishTimeMs(System.currentTimeMillis())
                .build();
        String key = new PersonKey(camera.cameraId(), trackId).toString();
        return new ProducerRecord<>(Topics.FACE_CROPS.name(), key, msg.toByteArray());
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record, sendCallback);
        } catch (InterruptException e) {
            throw e;
        } catch (RuntimeException e) {
            // Kafka unreachable or the buffer still full after max.block.ms, or the record rejected up front:
            // this record is lost (counted), the camera goes on.
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
