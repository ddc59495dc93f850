package dev.heed.aggregator.topology;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.aggregator.AggregatorMetrics;
import dev.heed.aggregator.policy.PolicyResolver;
import dev.heed.proto.v1.AttentionPolicy;
import dev.heed.proto.v1.CameraWindowFeed;
import dev.heed.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The aggregator's topology.
 *
 * <pre>
 * heed.attention-policies.v1 --> GlobalKTable "attention-policies"
 *                                           |
 * heed.pose-events.v1 --------------> person-attention --+--> alerts ------------------> heed.attention-alerts.v1
 *   (event time =                 validate (bad events:  |
 *    capture time)                dead letter), policy,  +--> state changes -----------> heed.attention-states.v1
 *                                                        |
 *                                                        +--> person windows ----------> heed.attention-windows.v1
 *                                 state machines and     |
 *                                 windows, per person,   +--> person windows + progress, by camera
 *                                 on arrival                       |  repartition "camera-feed"
 *                                                             camera-windows ---------> heed.attention-windows.v1
 * </pre>
 *
 * Everything up to the person windows stays keyed by person, so pose events are read once and never
 * repartitioned; only the closed person windows (one per person and window) and a progress record per camera and
 * window boundary cross to the camera's partition. Every node and store is named, so that changes keep the
 * existing stores and changelogs.
 */
public final class AttentionTopology {
    public static final String POLICY_STORE = "attention-policies";
    /** The repartition topic is "&lt;application id&gt;-camera-feed-repartition". */
    public static final String CAMERA_FEED = "camera-feed";

    private AttentionTopology() {
    }

    public static void build(StreamsBuilder builder, AggregatorConfig config, AggregatorMetrics metrics) {
        build(builder, config, metrics, Clock.systemUTC());
    }

    /**
     * @param clock bounds how far in the future a capture time may be, and times the delay metrics; every
     *              decision is on event time, from the events
     */
    public static void build(StreamsBuilder builder, AggregatorConfig config, AggregatorMetrics metrics, Clock clock) {
        // Read by the person processor (by the event's policy id, else its camera id) as each event arrives.
        builder.globalTable(Topics.ATTENTION_POLICIES.name(),
                Consumed.with(Topics.ATTENTION_POLICIES.keySerde(), Topics.ATTENTION_POLICIES.valueSerde())
                        .withName("attention-policies-source"),
                Materialized.<String, AttentionPolicy>as(Stores.inMemoryKeyValueStore(POLICY_STORE))
                        .withKeySerde(Topics.ATTENTION_POLICIES.keySerde())
                        .withValueSerde(Topics.ATTENTION_POLICIES.valueSerde())
                        // Read with every pose event; a record cache in front of an in-memory store only adds work.
                        .withCachingDisabled());
        PolicyResolver resolver = new PolicyResolver(config.attention(), metrics);

        Map<String, KStream<String, PersonOutput>> outputs = builder
                .stream(Topics.POSE_EVENTS.name(), Consumed.with(Topics.POSE_EVENTS.keySerde(), Topics.POSE_EVENTS.valueSerde())
                        .withTimestampExtractor(new CaptureTimeExtractor(clock))
                        .withName("pose-events"))
                .process(PersonAttentionProcessor.supplier(config.windowSizes(), config.grace(), config.trackIdleTimeout(),
                        resolver, metrics, clock), Named.as("person-attention"))
                .split(Named.as("person-"))
                .branch((key, out) -> out instanceof PersonOutput.Alert, Branched.as("alerts"))
                .branch((key, out) -> out instanceof PersonOutput.Window, Branched.as("windows"))
                .branch((key, out) -> out instanceof PersonOutput.StateChange, Branched.as("states"))
                .defaultBranch(Branched.as("progress"));

        outputs.get("person-states")
                .mapValues(out -> ((PersonOutput.StateChange) out).change(), Named.as("state-records"))
                .to(Topics.ATTENTION_STATES.name(), Produced.with(Topics.ATTENTION_STATES.keySerde(),
                        Topics.ATTENTION_STATES.valueSerde()).withName("attention-states"));

        outputs.get("person-alerts")
                .mapValues(out -> ((PersonOutput.Alert) out).alert(), Named.as("alert-records"))
                .to(Topics.ATTENTION_ALERTS.name(), Produced.with(Topics.ATTENTION_ALERTS.keySerde(),
                        Topics.ATTENTION_ALERTS.valueSerde()).withName("attention-alerts"));

        KStream<String, PersonOutput.Window> personWindows = outputs.get("person-windows")
                .mapValues(out -> (PersonOutput.Window) out, Named.as("person-window-records"));
        Duration shortestWindow = Collections.min(config.windowSizes());
        personWindows
                .filter((key, w) -> w.window().getWindowSizeS() == shortestWindow.toSeconds(), Named.as("person-window-gauges-filter"))
                .foreach((key, w) -> metrics.personWindowClosed(w.window()), Named.as("person-window-gauges"));
        personWindows
                .mapValues(PersonOutput.Window::window, Named.as("person-window-values"))
                .to(Topics.ATTENTION_WINDOWS.name(), Produced.with(Topics.ATTENTION_WINDOWS.keySerde(),
                        Topics.ATTENTION_WINDOWS.valueSerde()).withName("person-windows-out"));

        KStream<String, CameraWindowFeed> windowFeed = personWindows.map((key, w) -> KeyValue.pair(w.window().getCameraId(),
                feed(w.sourcePartition()).setPersonWindow(w.window()).build()), Named.as("camera-feed-windows"));
        KStream<String, CameraWindowFeed> progressFeed = outputs.get("person-progress").mapValues(out -> {
            PersonOutput.Progress p = (PersonOutput.Progress) out;
            return p.leaving() ? feed(p.sourcePartition()).setLeaving(true).build()
                    : feed(p.sourcePartition()).setClosedUntilMs(p.closedUntilMs()).build();
        }, Named.as("camera-feed-progress"));
        windowFeed.merge(progressFeed, Named.as("camera-feed-merge"))
                .repartition(Repartitioned.with(Serdes.String(), Topics.CAMERA_WINDOW_FEED).withName(CAMERA_FEED))
                .process(CameraWindowsProcessor.supplier(config.grace(), shortestWindow, metrics, clock), Named.as("camera-windows"))
                .to(Topics.ATTENTION_WINDOWS.name(), Produced.with(Topics.ATTENTION_WINDOWS.keySerde(),
                        Topics.ATTENTION_WINDOWS.valueSerde()).withName("camera-windows-out"));
    }

    private static CameraWindowFeed.Builder feed(int sourcePartition) {
        return CameraWindowFeed.newBuilder().setSchemaVersion(Topics.SCHEMA_VERSION).setSourcePartition(sourcePartition);
    }
}
