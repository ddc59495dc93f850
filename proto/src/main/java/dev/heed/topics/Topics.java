package dev.heed.topics;

import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionPolicy;
import dev.heed.proto.v1.AttentionStateChange;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.CameraWindowFeed;
import dev.heed.proto.v1.DeadLetter;
import dev.heed.proto.v1.FaceCrop;
import dev.heed.proto.v1.FrameSummary;
import dev.heed.proto.v1.PoseEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic Heed reads or writes, in one place. Names carry the schema's major version, so a breaking
 * schema change gets new topics rather than confusing old consumers.
 */
public final class Topics {
    /** Schema version written into field 1 of every message of package heed.v1. */
    public static final int SCHEMA_VERSION = 1;

    /** Face crops are biometric data: kept only long enough for inference to catch up after a hiccup. */
    public static final Duration FACE_CROPS_RETENTION = Duration.ofMinutes(15);

    public static final Topic<String, FaceCrop> FACE_CROPS = new Topic<>(
            "heed.face-crops.v1", Serdes.String(), ProtoSerde.of(FaceCrop.parser(), FaceCrop.class),
            Map.of("retention.ms", Long.toString(FACE_CROPS_RETENTION.toMillis()),
                    "segment.ms", Long.toString(FACE_CROPS_RETENTION.toMillis())));

    public static final Topic<String, FrameSummary> FRAME_SUMMARIES = new Topic<>(
            "heed.frame-summaries.v1", Serdes.String(), ProtoSerde.of(FrameSummary.parser(), FrameSummary.class),
            Map.of("retention.ms", Long.toString(Duration.ofDays(1).toMillis())));

    public static final Topic<String, PoseEvent> POSE_EVENTS = new Topic<>(
            "heed.pose-events.v1", Serdes.String(), ProtoSerde.of(PoseEvent.parser(), PoseEvent.class),
            Map.of("retention.ms", Long.toString(Duration.ofDays(7).toMillis())));

    public static final Topic<String, AttentionWindow> ATTENTION_WINDOWS = new Topic<>(
            "heed.attention-windows.v1", Serdes.String(), ProtoSerde.of(AttentionWindow.parser(), AttentionWindow.class),
            Map.of("retention.ms", Long.toString(Duration.ofDays(30).toMillis())));

    public static final Topic<String, AttentionAlert> ATTENTION_ALERTS = new Topic<>(
            "heed.attention-alerts.v1", Serdes.String(), ProtoSerde.of(AttentionAlert.parser(), AttentionAlert.class),
            Map.of("retention.ms", Long.toString(Duration.ofDays(30).toMillis())));

    /** Every change of a person's attention state; what a live view or an evaluation follows per person. */
    public static final Topic<String, AttentionStateChange> ATTENTION_STATES = new Topic<>(
            "heed.attention-states.v1", Serdes.String(), ProtoSerde.of(AttentionStateChange.parser(), AttentionStateChange.class),
            Map.of("retention.ms", Long.toString(Duration.ofDays(30).toMillis())));

    /** Compacted: the latest policy per camera is the configuration. */
    public static final Topic<String, AttentionPolicy> ATTENTION_POLICIES = new Topic<>(
            "heed.attention-policies.v1", Serdes.String(), ProtoSerde.of(AttentionPolicy.parser(), AttentionPolicy.class),
            Map.of("cleanup.policy", "compact"));

    /** Same short retention as the crops: a dead-lettered crop still carries a face. */
    public static final Topic<String, DeadLetter> DEAD_LETTER = new Topic<>(
            "heed.dead-letter.v1", Serdes.String(), ProtoSerde.of(DeadLetter.parser(), DeadLetter.class),
            Map.of("retention.ms", Long.toString(FACE_CROPS_RETENTION.toMillis()),
                    "segment.ms", Long.toString(FACE_CROPS_RETENTION.toMillis())));

    /**
     * The serde of the aggregator's internal repartition topic "&lt;application id&gt;-camera-feed-repartition" (named by
     * Kafka Streams, created and deleted with the application): closed person windows and progress, keyed by camera.
     */
    public static final ProtoSerde<CameraWindowFeed> CAMERA_WINDOW_FEED = ProtoSerde.of(CameraWindowFeed.parser(), CameraWindowFeed.class);

    public static final List<Topic<String, ?>> ALL = List.of(
            FACE_CROPS, FRAME_SUMMARIES, POSE_EVENTS, ATTENTION_WINDOWS, ATTENTION_ALERTS, ATTENTION_STATES, ATTENTION_POLICIES,
            DEAD_LETTER);

    private Topics() {
    }
}
