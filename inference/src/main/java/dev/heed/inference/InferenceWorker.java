package dev.heed.inference;

import dev.heed.common.kafka.KafkaConnectivity;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.heed.common.kafka.DeadLetters;
import dev.heed.inference.model.FaceImage;
import dev.heed.inference.model.HeadPose;
import dev.heed.inference.model.ModelIdentity;
import dev.heed.inference.model.PoseEstimationException;
import dev.heed.inference.model.PoseEstimator;
import dev.heed.inference.model.PoseResult;
import dev.heed.proto.v1.FaceCrop;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.proto.v1.Visibility;
import dev.heed.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consume-estimate-produce loop, on one thread: polls face crops, gathers them into micro-batches (up to
 * max batch, or until the oldest has waited max wait), runs the model once per batch over the valid ones,
 * publishes one pose event per estimated crop and dead letters for the rest (a crop the estimator could not
 * handle goes alone, under the estimator's reason code; a failed model run takes its batch), waits for every
 * send to be acknowledged and only then commits the batch's offsets (at-least-once). Records without a face
 * (FACE_HIDDEN, GONE) get their pose event without the model, in their place among the batch's events. Owns and
 * closes its Kafka clients.
 */
public final class InferenceWorker implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(InferenceWorker.class);
    private static final String SERVICE = "inference";
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final PoseEstimator estimator;
    private final InferenceMetrics metrics;
    private final DeadLetters deadLetters;
    private final PendingRecords pending;
    private final long maxAgeMs;
    private volatile boolean ready;
    private volatile boolean stopping;

    public InferenceWorker(InferenceConfig config, Consumer<String, byte[]> consumer, Producer<String, byte[]> producer,
                           PoseEstimator estimator, InferenceMetrics metrics) {
        this.consumer = consumer;
        this.producer = producer;
        this.estimator = estimator;
        this.metrics = metrics;
        this.deadLetters = new DeadLetters(SERVICE, producer);
        this.pending = new PendingRecords(config.maxBatch(), config.maxWait().toNanos());
        this.maxAgeMs = config.maxAge().toMillis();
    }

    /** True once the consumer has been assigned its partitions. */
    public boolean isReady() {
        // Assigned once, and still connected: a consumer cut off from Kafka is not doing its work.
        return ready && KafkaConnectivity.connected(consumer.metrics());
    }

    /** Makes {@link #run} return soon, from any thread; crops not yet committed will be redelivered. */
    public void requestStop() {
        stopping = true;
        consumer.wakeup();
    }

    /** Runs until {@link #requestStop}; a Kafka failure it cannot recover from is thrown after the clients are closed. */
    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.FACE_CROPS.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    ready = true;
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    List<ConsumerRecord<String, byte[]>> theirs = pending.removePartitions(partitions);
                    // Still ours until this returns: finish them so the next owner does not redo them. When
                    // stopping, leave them uncommitted instead; they are redelivered.
                    if (!theirs.isEmpty() && !stopping) {
                        process(theirs);
                        commit(theirs);
                    }
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    // No longer ours and not committable: another member redoes them.
                    pending.removePartitions(partitions);
                }
            });
            while (!stopping) {
                long now = System.nanoTime();
                Duration timeout = pending.isEmpty() ? POLL_TIMEOUT : Duration.ofNanos(Math.min(pending.nanosUntilDue(now), POLL_TIMEOUT.toNanos()));
                ConsumerRecords<String, byte[]> records = consumer.poll(timeout);
                pending.add(records, System.nanoTime());
                while (pending.ready(System.nanoTime())) {
                    PendingRecords.Batch batch = pending.take(System.nanoTime());
                    metrics.batchWait(batch.waitedNanos() / 1e9);
                    process(batch.records());
                    commit(batch.records());
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } finally {
            ready = false;
            closeClients();
        }
    }

    private void process(List<ConsumerRecord<String, byte[]>> records) {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        // Every record that gets a pose event, in arrival order: a partition's events leave in the order its crops
        // came, whether the model ran on them (faces) or not (hidden faces, ended tracks).
        List<Outgoing> outgoing = new ArrayList<>(records.size());
        List<ValidCrop> valid = new ArrayList<>(records.size());
        long now = System.currentTimeMillis();
        for (ConsumerRecord<String, byte[]> record : records) {
            Outgoing o = validate(record, now, sends);
            if (o != null) {
                outgoing.add(o);
                if (o instanceof ValidCrop c) {
                    valid.add(c);
                }
            }
        }
        Map<ValidCrop, PoseResult> results = valid.isEmpty() ? Map.of() : estimate(valid, sends);
        ModelIdentity model = estimator.identity();
        for (Outgoing o : outgoing) {
            PoseEvent event;
            if (o instanceof NoFace n) {
                event = noFaceEvent(n.crop(), model, System.currentTimeMillis());
                metrics.passedThrough(n.crop().getVisibility());
            } else {
                ValidCrop c = (ValidCrop) o;
                PoseResult result = results.get(c);
                if (result == null) {
                    continue; // its batch failed: dead-lettered in estimate()
                }
                // A face the estimator could not handle is set aside alone, under the estimator's reason code.
                if (result instanceof PoseResult.Failed failed) {
                    sends.add(deadLetter(c.record(), failed.reasonCode(), failed.reason()));
                    continue;
                }
                event = toEvent(c.crop(), result.pose(), model, System.currentTimeMillis());
            }
            sends.add(producer.send(new ProducerRecord<>(Topics.POSE_EVENTS.name(), o.record().key(), event.toByteArray())));
            metrics.event((event.getEventTimeProducedMs() - event.getCaptureTimeMs()) / 1000.0);
        }
        awaitAcknowledged(sends);
    }

    /**
     * What the record becomes: a crop for the model, a record without a face that passes through, or null if it was
     * dead-lettered or skipped as stale.
     */
    private Outgoing validate(ConsumerRecord<String, byte[]> record, long now, List<Future<RecordMetadata>> sends) {
        FaceCrop crop;
        try {
            crop = Topics.FACE_CROPS.value().parse(record.value());
        } catch (InvalidProtocolBufferException e) {
            sends.add(deadLetter(record, "malformed_protobuf", "not a FaceCrop: " + e.getMessage()));
            return null;
        }
        if (crop.getSchemaVersion() > Topics.SCHEMA_VERSION) {
            sends.add(deadLetter(record, "unsupported_schema_version",
                    "schema_version " + crop.getSchemaVersion() + " is newer than " + Topics.SCHEMA_VERSION));
            return null;
        }
        Visibility visibility = crop.getVisibility();
        if (visibility == Visibility.UNRECOGNIZED) {
            sends.add(deadLetter(record, "unknown_visibility", "visibility " + crop.getVisibilityValue() + " is not one this service knows"));
            return null;
        }
        // A track's end costs nothing and must not be lost (the person would stay present): it passes even when late.
        if (visibility == Visibility.VISIBILITY_GONE) {
            return new NoFace(record, crop);
        }
        // Checked when the batch runs, not when polled, so time spent waiting for the batch counts too. A hidden face
        // that is late is skipped like a late face, so that a person's late samples are all dropped, not half of them.
        if (now - crop.getCaptureTimeMs() > maxAgeMs) {
            metrics.skippedStale();
            return null;
        }
        if (visibility == Visibility.VISIBILITY_FACE_HIDDEN) {
            return new NoFace(record, crop);
        }
        try {
            return new ValidCrop(record, crop, FaceCropDecoder.decode(crop));
        } catch (FaceCropDecoder.RejectedCropException e) {
            sends.add(deadLetter(record, e.reasonCode(), e.getMessage()));
            return null;
        }
    }

    /** One model run over the batch's faces; a failed run dead-letters them all and returns no results. */
    private Map<ValidCrop, PoseResult> estimate(List<ValidCrop> valid, List<Future<RecordMetadata>> sends) {
        List<FaceImage> faces = new ArrayList<>(valid.size());
        for (ValidCrop c : valid) {
            faces.add(c.face());
        }
        List<PoseResult> results;
        long start = System.nanoTime();
        try {
            results = estimator.estimate(faces);
        } catch (PoseEstimationException | RuntimeException e) {
            // Retrying the same batch would fail the same way and stall the partition: set it aside instead.
            log.error("pose estimation failed on a batch of {}; dead-lettering it: {}", valid.size(), e.toString());
            for (ValidCrop c : valid) {
                sends.add(deadLetter(c.record(), "inference_failed", "model failed on the batch: " + e.getMessage()));
            }
            return Map.of();
        }
        metrics.batch(valid.size(), (System.nanoTime() - start) / 1e9);
        Map<ValidCrop, PoseResult> byCrop = new IdentityHashMap<>();
        for (int i = 0; i < valid.size(); i++) {
            byCrop.put(valid.get(i), results.get(i));
        }
        return byCrop;
    }

    /**
     * The event of a record without a face (hidden, or the track's end): no estimate, so NaN angles and zero
     * confidences and spreads (not NaN, which means "estimator without a distribution"); the model that would have run.
     */
    private static PoseEvent noFaceEvent(FaceCrop crop, ModelIdentity model, long nowMs) {
        return PoseEvent.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setCameraId(crop.getCameraId())
                .setTrackId(crop.getTrackId())
                .setFrameNumber(crop.getFrameNumber())
                .setCaptureTimeMs(crop.getCaptureTimeMs())
                .setDetectorScore(crop.getDetectorScore())
                .setAttentionPolicyId(crop.getAttentionPolicyId())
                .setYawDeg(Float.NaN)
                .setPitchDeg(Float.NaN)
                .setRollDeg(Float.NaN)
                .setModelName(model.name())
                .setModelVersion(model.version())
                .setEventTimeProducedMs(nowMs)
                .setVisibility(crop.getVisibility())
                .setStreamEnded(crop.getStreamEnded())
                .build();
    }

    private static PoseEvent toEvent(FaceCrop crop, HeadPose pose, ModelIdentity model, long nowMs) {
        return PoseEvent.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setCameraId(crop.getCameraId())
                .setTrackId(crop.getTrackId())
                .setFrameNumber(crop.getFrameNumber())
                .setCaptureTimeMs(crop.getCaptureTimeMs())
                .setDetectorScore(crop.getDetectorScore())
                .setAttentionPolicyId(crop.getAttentionPolicyId())
                .setYawDeg((float) pose.yaw().degrees())
                .setPitchDeg((float) pose.pitch().degrees())
                .setRollDeg((float) pose.roll().degrees())
                .setYawSpreadDeg((float) pose.yaw().spreadDeg())
                .setPitchSpreadDeg((float) pose.pitch().spreadDeg())
                .setRollSpreadDeg((float) pose.roll().spreadDeg())
                .setYawConfidence((float) pose.yaw().confidence())
                .setPitchConfidence((float) pose.pitch().confidence())
                .setRollConfidence((float) pose.roll().confidence())
                .setModelName(model.name())
                .setModelVersion(model.version())
                .setEventTimeProducedMs(nowMs)
                .build();
    }

    private Future<RecordMetadata> deadLetter(ConsumerRecord<String, byte[]> record, String reasonCode, String reason) {
        log.warn("dead-lettering {}-{}@{}: {} ({})", record.topic(), record.partition(), record.offset(), reasonCode, reason);
        metrics.deadLettered(reasonCode);
        return deadLetters.send(record, reasonCode, reason);
    }

    /** Blocks until the broker has every record of the batch; a failed send stops the worker before it commits. */
    private static void awaitAcknowledged(List<Future<RecordMetadata>> sends) {
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                throw new KafkaException("a pose event or dead letter was not acknowledged; the batch stays uncommitted", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while waiting for acknowledgements; the batch stays uncommitted", e);
            }
        }
    }

    /** Commits past the given records, which must be every record not yet committed up to each one (arrival order). */
    private void commit(List<ConsumerRecord<String, byte[]>> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            offsets.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        try {
            try {
                consumer.commitSync(offsets);
            } catch (WakeupException stopRequested) {
                // The batch is already published: commit it before leaving, or a restart would publish it twice.
                // The wakeup has been spent, so this second call runs normally.
                consumer.commitSync(offsets, CLOSE_TIMEOUT);
                throw stopRequested;
            }
        } catch (CommitFailedException e) {
            // The partitions moved to another member meanwhile; it will redo the batch (at-least-once).
            log.warn("commit of a batch of {} failed after a rebalance; its crops will be processed again: {}", records.size(), e.getMessage());
        }
    }

    private void closeClients() {
        try {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        } catch (RuntimeException e) {
            log.warn("closing the consumer failed: {}", e.toString());
        }
        try {
            producer.close(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            log.warn("closing the producer failed: {}", e.toString());
        }
    }

    /** A record that gets a pose event. */
    private sealed interface Outgoing permits ValidCrop, NoFace {
        ConsumerRecord<String, byte[]> record();
    }

    /** A face for the model. */
    private record ValidCrop(ConsumerRecord<String, byte[]> record, FaceCrop crop, FaceImage face) implements Outgoing {
    }

    /** A hidden face or a track's end: passed through without the model. */
    private record NoFace(ConsumerRecord<String, byte[]> record, FaceCrop crop) implements Outgoing {
    }
}
