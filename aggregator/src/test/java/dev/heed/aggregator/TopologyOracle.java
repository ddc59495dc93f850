package dev.heed.aggregator;

import dev.heed.aggregator.topology.AttentionTopology;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionPolicy;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The same topology and configuration in a TopologyTestDriver: what an uninterrupted run on a single partition
 * produces for a given input, to compare a real broker's output against.
 */
final class TopologyOracle implements AutoCloseable {
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, PoseEvent> poses;
    private final TestInputTopic<String, AttentionPolicy> policies;
    private final TestOutputTopic<String, AttentionAlert> alerts;
    private final TestOutputTopic<String, AttentionWindow> windows;

    TopologyOracle(AggregatorConfig config) {
        AggregatorMetrics metrics = new AggregatorMetrics(new PrometheusRegistry());
        StreamsBuilder builder = new StreamsBuilder();
        AttentionTopology.build(builder, config, metrics);
        driver = new TopologyTestDriver(builder.build(), AggregatorStreamsProperties.of(config, KafkaSettings.of("oracle:9092"), metrics));
        poses = driver.createInputTopic(Topics.POSE_EVENTS.name(), new StringSerializer(), Topics.POSE_EVENTS.valueSerde().serializer());
        policies = driver.createInputTopic(Topics.ATTENTION_POLICIES.name(), new StringSerializer(),
                Topics.ATTENTION_POLICIES.valueSerde().serializer());
        alerts = driver.createOutputTopic(Topics.ATTENTION_ALERTS.name(), Topics.ATTENTION_ALERTS.keySerde().deserializer(),
                Topics.ATTENTION_ALERTS.valueSerde().deserializer());
        windows = driver.createOutputTopic(Topics.ATTENTION_WINDOWS.name(), Topics.ATTENTION_WINDOWS.keySerde().deserializer(),
                Topics.ATTENTION_WINDOWS.valueSerde().deserializer());
    }

    void pose(String key, PoseEvent e) {
        poses.pipeInput(key, e, e.getCaptureTimeMs());
    }

    void policy(String id, AttentionPolicy p) {
        policies.pipeInput(id, p);
    }

    List<AttentionAlert> alerts() {
        return alerts.readValuesToList();
    }

    List<AttentionWindow> windows() {
        return windows.readValuesToList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
