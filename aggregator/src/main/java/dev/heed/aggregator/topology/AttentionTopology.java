package dev.heed.aggregator.topology;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.aggregator.AggregatorMetrics;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.topics.PersonKey;
import dev.heed.topics.Topics;
import java.time.Duration;
import java.util.Collections;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.Suppressed.BufferConfig;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The aggregator's topology: pose events, keyed by person, become attention windows (one tumbling window
 * series per configured size, each emitted once when it closes) and long-distraction alerts.
 *
 * <pre>
 * heed.pose-events.v1 --classify--+--> window 10s --suppress until closed--> heed.attention-windows.v1
 *                                 +--> window 60s --suppress until closed--> heed.attention-windows.v1
 *                                 +--> long-distraction state machine -----> heed.attention-alerts.v1
 * </pre>
 *
 * Every node and store is named, so that adding branches later (per-camera policies from
 * heed.attention-policies.v1, time-sharing and absence alerts) keeps the existing stores and changelogs.
 * The key stays the person key throughout, so nothing is repartitioned.
 */
public final class AttentionTopology {
    private AttentionTopology() {
    }

    public static void build(StreamsBuilder builder, AggregatorConfig config, AggregatorMetrics metrics) {
        KStream<String, PoseSample> samples = builder
                .stream(Topics.POSE_EVENTS.name(), Consumed.with(Topics.POSE_EVENTS.keySerde(), Topics.POSE_EVENTS.valueSerde())
                        .withTimestampExtractor(new CaptureTimeExtractor(metrics))
                        .withName("pose-events"))
                .flatMapValues(new SampleClassifier(config.defaultRule(), metrics), Named.as("classify"));

        Duration shortest = Collections.min(config.windowSizes());
        for (Duration size : config.windowSizes()) {
            addWindows(samples, size, config, metrics, size.equals(shortest));
        }

        samples.process(LongDistractionProcessor.supplier(config.longDistraction(), config.trackIdleTimeout(), metrics),
                        Named.as("long-distraction"))
                .to(Topics.ATTENTION_ALERTS.name(), Produced.with(Topics.ATTENTION_ALERTS.keySerde(),
                        Topics.ATTENTION_ALERTS.valueSerde()).withName("attention-alerts"));
    }

    /** Store name of the windows of one size, e.g. "attention-window-10s"; also names its changelog. */
    public static String windowStoreName(Duration size) {
        return "attention-window-" + size.toSeconds() + "s";
    }

    private static void addWindows(KStream<String, PoseSample> samples, Duration size, AggregatorConfig config,
                                   AggregatorMetrics metrics, boolean feedsShareGauge) {
        String name = windowStoreName(size);
        int sizeS = Math.toIntExact(size.toSeconds());
        KStream<String, AttentionWindow> windows = samples
                .groupByKey(Grouped.as(name + "-group"))
                .windowedBy(TimeWindows.ofSizeAndGrace(size, config.windowGrace()))
                .aggregate(WindowAccumulator::new, (key, sample, acc) -> acc.plus(sample), Named.as(name + "-aggregate"),
                        Materialized.<String, WindowAccumulator, WindowStore<Bytes, byte[]>>as(name)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(new WindowAccumulatorSerde()))
                // Final results only; a full buffer stops the service loudly instead of emitting early or dropping.
                .suppress(Suppressed.untilWindowCloses(BufferConfig.maxBytes(config.suppressBufferBytes()).shutDownWhenFull())
                        .withName(name + "-until-closed"))
                .toStream(Named.as(name + "-closed"))
                .map((windowed, acc) -> KeyValue.pair(windowed.key(), acc.toWindow(PersonKey.parse(windowed.key()),
                        windowed.window().start(), windowed.window().end(), sizeS)), Named.as(name + "-summary"));
        if (feedsShareGauge) {
            windows = windows.peek((key, w) -> metrics.windowClosed(w), Named.as(name + "-share-gauge"));
        }
        windows.to(Topics.ATTENTION_WINDOWS.name(), Produced.with(Topics.ATTENTION_WINDOWS.keySerde(),
                Topics.ATTENTION_WINDOWS.valueSerde()).withName(name + "-out"));
    }
}
