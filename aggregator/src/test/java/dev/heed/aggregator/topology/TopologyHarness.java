package dev.heed.aggregator.topology;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.aggregator.AggregatorMetrics;
import dev.heed.aggregator.AggregatorStreamsProperties;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AlertType;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionPolicy;
import dev.heed.proto.v1.AttentionStateChange;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.DeadLetter;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.proto.v1.Visibility;
import dev.heed.proto.v1.WindowScope;
import dev.heed.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** The real topology and Streams properties in a TopologyTestDriver, with typed topics and pose helpers. */
final class TopologyHarness implements AutoCloseable {
    /** A camera whose only job is to move stream time on; its person never interacts with the ones under test. */
    static final String CLOCK_CAMERA = "clock";

    final AggregatorConfig config;
    final AggregatorMetrics metrics = new AggregatorMetrics(new PrometheusRegistry());
    final TopologyTestDriver driver;
    final TestInputTopic<String, PoseEvent> poses;
    final TestInputTopic<String, byte[]> rawPoses;
    final TestInputTopic<String, AttentionPolicy> policies;
    final TestOutputTopic<String, AttentionWindow> windows;
    final TestOutputTopic<String, AttentionAlert> alerts;
    final TestOutputTopic<String, AttentionStateChange> states;
    final TestOutputTopic<String, DeadLetter> deadLetters;

    TopologyHarness(AggregatorConfig config) {
        this.config = config;
        StreamsBuilder builder = new StreamsBuilder();
        AttentionTopology.build(builder, config, metrics);
        driver = new TopologyTestDriver(builder.build(),
                AggregatorStreamsProperties.of(config, KafkaSettings.of("localhost:9092"), metrics));
        poses = driver.createInputTopic(Topics.POSE_EVENTS.name(), new StringSerializer(), Topics.POSE_EVENTS.valueSerde().serializer());
        rawPoses = driver.createInputTopic(Topics.POSE_EVENTS.name(), new StringSerializer(), new ByteArraySerializer());
        policies = driver.createInputTopic(Topics.ATTENTION_POLICIES.name(), new StringSerializer(),
                Topics.ATTENTION_POLICIES.valueSerde().serializer());
        windows = driver.createOutputTopic(Topics.ATTENTION_WINDOWS.name(), Topics.ATTENTION_WINDOWS.keySerde().deserializer(),
                Topics.ATTENTION_WINDOWS.valueSerde().deserializer());
        alerts = driver.createOutputTopic(Topics.ATTENTION_ALERTS.name(), Topics.ATTENTION_ALERTS.keySerde().deserializer(),
                Topics.ATTENTION_ALERTS.valueSerde().deserializer());
        states = driver.createOutputTopic(Topics.ATTENTION_STATES.name(), Topics.ATTENTION_STATES.keySerde().deserializer(),
                Topics.ATTENTION_STATES.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTER.name(), Topics.DEAD_LETTER.keySerde().deserializer(),
                Topics.DEAD_LETTER.valueSerde().deserializer());
    }

    /** A pose of person "cam-1/&lt;track&gt;" at event time t. */
    void pose(long track, long t, double yaw, double pitch, double roll) {
        poses.pipeInput("cam-1/" + track, event("cam-1", track, t, yaw, pitch, roll), t);
    }

    void pose(long track, long t, double yaw) {
        pose(track, t, yaw, 0, 0);
    }

    /** Poses of "cam-1/&lt;track&gt;" every stepMs from `from` up to and including `to`. */
    void poses(long track, long from, long to, long stepMs, double yaw) {
        for (long t = from; t <= to; t += stepMs) {
            pose(track, t, yaw);
        }
    }

    /** A frame of person "cam-1/&lt;track&gt;" without a face (head in place): NaN angles, confidence 0. */
    void hidden(long track, long t) {
        poses.pipeInput("cam-1/" + track, withoutFace(event("cam-1", track, t, 0, 0, 0), Visibility.VISIBILITY_FACE_HIDDEN), t);
    }

    /** Such frames every stepMs from `from` up to and including `to`. */
    void hidden(long track, long from, long to, long stepMs) {
        for (long t = from; t <= to; t += stepMs) {
            hidden(track, t);
        }
    }

    /** The last record of person "cam-1/&lt;track&gt;": the head has gone. */
    void gone(long track, long t) {
        poses.pipeInput("cam-1/" + track, withoutFace(event("cam-1", track, t, 0, 0, 0), Visibility.VISIBILITY_GONE), t);
    }

    /** Ingest's record that the stream of "cam-1" ended at t, told to track "cam-1/&lt;track&gt;". */
    void streamEnded(long track, long t) {
        poses.pipeInput("cam-1/" + track, withoutFace(event("cam-1", track, t, 0, 0, 0), Visibility.VISIBILITY_GONE).toBuilder()
                .setStreamEnded(true).build(), t);
    }

    static PoseEvent withoutFace(PoseEvent e, Visibility v) {
        return e.toBuilder().setVisibility(v).setYawDeg(Float.NaN).setPitchDeg(Float.NaN).setRollDeg(Float.NaN)
                .setYawConfidence(0).setPitchConfidence(0).setRollConfidence(0).build();
    }

    void send(String key, PoseEvent event) {
        poses.pipeInput(key, event, event.getCaptureTimeMs());
    }

    /** Moves stream time to t with an event of a person on another camera, which releases what the grace held. */
    void advanceTo(long t) {
        poses.pipeInput(CLOCK_CAMERA + "/1", event(CLOCK_CAMERA, 1, t, 0, 0, 0), t);
    }

    /**
     * Stream time to t + grace: everything up to t has been processed, including a clock sample at t, which
     * closes every window ending at or before t.
     */
    void processUpTo(long t) {
        advanceTo(t);
        advanceTo(t + config.grace().toMillis());
    }

    void policy(String id, AttentionPolicy policy) {
        policies.pipeInput(id, policy);
    }

    KeyValueStore<String, PersonState> states() {
        return driver.getKeyValueStore(PersonAttentionProcessor.STATE_STORE);
    }

    PersonState state(long track) {
        return states().get("cam-1/" + track);
    }

    /** The alerts so far, without the clock camera's (it never has any, but be sure). */
    List<AttentionAlert> readAlerts() {
        return alerts.readValuesToList().stream().filter(a -> !a.getCameraId().equals(CLOCK_CAMERA)).toList();
    }

    List<AttentionWindow> readPersonWindows() {
        return windows.readValuesToList().stream()
                .filter(w -> w.getScope() == WindowScope.WINDOW_SCOPE_PERSON && !w.getCameraId().equals(CLOCK_CAMERA)).toList();
    }

    static PoseEvent event(String camera, long track, long t, double yaw, double pitch, double roll) {
        return PoseEvent.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setCameraId(camera)
                .setTrackId(track)
                .setCaptureTimeMs(t)
                .setYawDeg((float) yaw)
                .setPitchDeg((float) pitch)
                .setRollDeg((float) roll)
                .setYawConfidence(0.9f)
                .setPitchConfidence(0.9f)
                .setModelName("test")
                .build();
    }

    /** The state changes so far, without the clock camera's, as "PREVIOUS>STATE since S @T" relative to t0. */
    List<String> readStates(long t0) {
        return states.readValuesToList().stream().filter(c -> !c.getCameraId().equals(CLOCK_CAMERA))
                .map(c -> c.getTrackId() + ": " + c.getPreviousState().name().replace("PERSON_ATTENTION_", "") + ">"
                        + c.getState().name().replace("PERSON_ATTENTION_", "") + " since " + (c.getSinceMs() - t0) + " @"
                        + (c.getEventTimeMs() - t0))
                .toList();
    }

    /** "RAISED LONG_DISTRACTION @t started s": a compact, readable form for comparing alert sequences. */
    static String describe(AttentionAlert a) {
        return a.getState().name() + " " + a.getType().name() + " @" + a.getEventTimeMs() + " from " + a.getStartedAtMs();
    }

    static List<String> describe(List<AttentionAlert> alerts, long t0) {
        return alerts.stream().map(a -> a.getState().name() + " " + a.getType().name() + " @" + (a.getEventTimeMs() - t0)
                + " from " + (a.getStartedAtMs() - t0)).toList();
    }

    static boolean is(AttentionAlert a, AlertType type, AlertState state) {
        return a.getType() == type && a.getState() == state;
    }

    @Override
    public void close() {
        driver.close();
    }
}
