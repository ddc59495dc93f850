package dev.heed.aggregator.topology;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.aggregator.AggregatorMetrics;
import dev.heed.aggregator.policy.PolicyResolver;
import dev.heed.proto.v1.AttentionPolicy;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.Suppressed.BufferConfig;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The aggregator's topology.
 *
 * <pre>
 * heed.attention-policies.v1 --> GlobalKTable "attention-policies"
 *                                      |
 * heed.pose-events.v1 --validate--> policy lookup --> person-attention --+--> alerts ------------------> heed.attention-alerts.v1
 *   (capture time)   (dead-letters   (event's policy,  (reorder buffer,   |
 *                     bad events)     camera's, or      state machines)   +--> person-windows ---------> heed.attention-windows.v1
 *                                     defaults)                                     |  (by camera, timestamp = window start)
 *                                                                   repartition "camera-windows"
 *                                                                                   +--> camera 10s --> heed.attention-windows.v1
 *                                                                                   +--> camera 60s --> heed.attention-windows.v1
 * </pre>
 *
 * Everything up to the person windows stays keyed by person, so pose events are read once and never
 * repartitioned; only the closed person windows (one per person and window) cross to the camera's
 * partition. Every node and store is named, so that changes keep the existing stores and changelogs.
 */
public final class AttentionTopology {
    public static final String POLICY_STORE = "attention-policies";

    private AttentionTopology() {
    }

    public static void build(StreamsBuilder builder, AggregatorConfig config, AggregatorMetrics metrics) {
        build(builder, config, metrics, Clock.systemUTC());
    }

    /** @param clock only bounds how far in the future a capture time may be; event time comes from the events */
    public static void build(StreamsBuilder builder, AggregatorConfig config, AggregatorMetrics metrics, Clock clock) {
        GlobalKTable<String, AttentionPolicy> policies = builder.globalTable(Topics.ATTENTION_POLICIES.name(),
                Consumed.with(Topics.ATTENTION_POLICIES.keySerde(), Topics.ATTENTION_POLICIES.valueSerde())
                        .withName("attention-policies-source"),
                Materialized.<String, AttentionPolicy>as(Stores.inMemoryKeyValueStore(POLICY_STORE))
                        .withKeySerde(Topics.ATTENTION_POLICIES.keySerde())
                        .withValueSerde(Topics.ATTENTION_POLICIES.valueSerde()));
        PolicyResolver resolver = new PolicyResolver(config.attention(), metrics);

        KStream<String, PoseSample> samples = builder
                .stream(Topics.POSE_EVENTS.name(), Consumed.with(Topics.POSE_EVENTS.keySerde(), Topics.POSE_EVENTS.valueSerde())
                        .withTimestampExtractor(new CaptureTimeExtractor(clock))
                        .withName("pose-events"))
                .processValues(() -> new PoseEventValidator(metrics), Named.as("validate"))
                .leftJoin(policies, (key, pose) -> pose.policyKey(),
                        (pose, policy) -> pose.toSample(resolver.resolve(pose.policyKey(), policy)), Named.as("policy-lookup"));

        Map<String, KStream<String, PersonOutput>> outputs = samples
                .process(PersonAttentionProcessor.supplier(config.grace(), config.trackIdleTimeout(), metrics),
                        Named.as("person-attention"))
                .split(Named.as("person-"))
                .branch((key, out) -> out instanceof PersonOutput.Alert, Branched.as("alerts"))
                .defaultBranch(Branched.as("samples"));

        outputs.get("person-alerts")
                .mapValues(out -> ((PersonOutput.Alert) out).alert(), Named.as("alert-records"))
                .to(Topics.ATTENTION_ALERTS.name(), Produced.with(Topics.ATTENTION_ALERTS.keySerde(),
                        Topics.ATTENTION_ALERTS.valueSerde()).withName("attention-alerts"));

        KStream<String, AttentionWindow> personWindows = outputs.get("person-samples")
                .mapValues(out -> (PersonOutput.LabelledSample) out, Named.as("labelled-samples"))
                .process(PersonWindowsProcessor.supplier(config.windowSizes()), Named.as("person-windows"));
        Duration shortestWindow = Collections.min(config.windowSizes());
        personWindows
                .filter((key, w) -> w.getWindowSizeS() == shortestWindow.toSeconds(), Named.as("person-window-gauges-filter"))
                .foreach((key, w) -> metrics.personWindowClosed(w), Named.as("person-window-gauges"));
        personWindows.to(Topics.ATTENTION_WINDOWS.name(), Produced.with(Topics.ATTENTION_WINDOWS.keySerde(),
                Topics.ATTENTION_WINDOWS.valueSerde()).withName("person-windows-out"));

        addCameraWindows(personWindows, config, metrics);
    }

    /** Store name of the camera windows of one size, e.g. "camera-window-10s"; also names its changelog. */
    public static String cameraWindowStoreName(Duration size) {
        return "camera-window-" + size.toSeconds() + "s";
    }

    /**
     * Camera windows from the closed person windows. A camera window closes when a person window of a later
     * period of the same size arrives, so it comes one window after its people's, and person windows may
     * arrive up to one window late from other partitions (their stream times drift apart).
     */
    private static void addCameraWindows(KStream<String, AttentionWindow> personWindows, AggregatorConfig config,
                                         AggregatorMetrics metrics) {
        KStream<String, AttentionWindow> byCamera = personWindows
                .selectKey((key, w) -> w.getCameraId(), Named.as("camera-key"))
                .repartition(Repartitioned.with(Topics.ATTENTION_WINDOWS.keySerde(), Topics.ATTENTION_WINDOWS.valueSerde())
                        .withName("camera-windows"));
        Duration shortest = Collections.min(config.windowSizes());
        for (Duration size : config.windowSizes()) {
            String name = cameraWindowStoreName(size);
            int sizeS = Math.toIntExact(size.toSeconds());
            KStream<String, AttentionWindow> cameraWindows = byCamera
                    .filter((camera, w) -> w.getWindowSizeS() == sizeS, Named.as(name + "-filter"))
                    .groupByKey(Grouped.<String, AttentionWindow>as(name + "-group")
                            .withKeySerde(Serdes.String()).withValueSerde(Topics.ATTENTION_WINDOWS.valueSerde()))
                    .windowedBy(TimeWindows.ofSizeWithNoGrace(size))
                    .aggregate(CameraWindowAccumulator::new, (camera, w, acc) -> acc.add(w), Named.as(name + "-aggregate"),
                            Materialized.<String, CameraWindowAccumulator, WindowStore<Bytes, byte[]>>as(name)
                                    .withKeySerde(Serdes.String())
                                    .withValueSerde(new CameraWindowAccumulatorSerde()))
                    // Final results only; a full buffer stops the service loudly instead of emitting early or dropping.
                    .suppress(Suppressed.untilWindowCloses(BufferConfig.maxBytes(config.suppressBufferBytes()).shutDownWhenFull())
                            .withName(name + "-until-closed"))
                    .toStream(Named.as(name + "-closed"))
                    .map((windowed, acc) -> KeyValue.pair(windowed.key(), acc.toWindow(windowed.key(),
                            windowed.window().start(), windowed.window().end(), sizeS)), Named.as(name + "-summary"));
            if (size.equals(shortest)) {
                cameraWindows = cameraWindows.peek((camera, w) -> metrics.cameraWindowClosed(w), Named.as(name + "-gauges"));
            }
            cameraWindows.to(Topics.ATTENTION_WINDOWS.name(), Produced.with(Topics.ATTENTION_WINDOWS.keySerde(),
                    Topics.ATTENTION_WINDOWS.valueSerde()).withName(name + "-out"));
        }
    }
}
