package dev.heed.aggregator.topology;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.aggregator.AggregatorMetrics;
import dev.heed.aggregator.AggregatorStreamsProperties;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.DeadLetter;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The real topology and Streams properties in a TopologyTestDriver, with typed topics and pose helpers. */
final class TopologyHarness implements AutoCloseable {
    final AggregatorMetrics metrics = new AggregatorMetrics(new PrometheusRegistry());
    final TopologyTestDriver driver;
    final TestInputTopic<String, PoseEvent> poses;
    final TestInputTopic<String, byte[]> rawPoses;
    final TestOutputTopic<String, AttentionWindow> windows;
    final TestOutputTopic<String, AttentionAlert> alerts;
    final TestOutputTopic<String, DeadLetter> deadLetters;

    TopologyHarness(AggregatorConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        AttentionTopology.build(builder, config, metrics);
        driver = new TopologyTestDriver(builder.build(),
                AggregatorStreamsProperties.of(config, KafkaSettings.of("localhost:9092"), metrics));
        poses = driver.createInputTopic(Topics.POSE_EVENTS.name(), new StringSerializer(), Topics.POSE_EVENTS.valueSerde().serializer());
        rawPoses = driver.createInputTopic(Topics.POSE_EVENTS.name(), new StringSerializer(), new ByteArraySerializer());
        windows = driver.createOutputTopic(Topics.ATTENTION_WINDOWS.name(), Topics.ATTENTION_WINDOWS.keySerde().deserializer(),
                Topics.ATTENTION_WINDOWS.valueSerde().deserializer());
        alerts = driver.createOutputTopic(Topics.ATTENTION_ALERTS.name(), Topics.ATTENTION_ALERTS.keySerde().deserializer(),
                Topics.ATTENTION_ALERTS.valueSerde().deserializer());
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

    static PoseEvent event(String camera, long track, long t, double yaw, double pitch, double roll) {
        return PoseEvent.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setCameraId(camera)
                .setTrackId(track)
                .setCaptureTimeMs(t)
                .setYawDeg((float) yaw)
                .setPitchDeg((float) pitch)
                .setRollDeg((float) roll)
                .setModelName("test")
                .build();
    }

    @Override
    public void close() {
        driver.close();
    }
}
