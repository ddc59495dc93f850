package dev.heed.aggregator;

import dev.heed.aggregator.errors.DeserializationFailureHandler;
import dev.heed.aggregator.errors.ProcessingFailureHandler;
import dev.heed.aggregator.errors.ProductionFailureHandler;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.topics.Topics;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams configuration of the aggregator, kept apart from the topology that uses it. */
public final class AggregatorStreamsProperties {
    private AggregatorStreamsProperties() {
    }

    public static Properties of(AggregatorConfig config, KafkaSettings kafka, AggregatorMetrics metrics) {
        // The connection and security settings apply to every client Streams creates (consumers, producers, admin).
        Properties p = kafka.asProperties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee().streamsValue());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        // Every task reads one input partition (pose events, or the camera feed), so there is nothing to wait for
        // across partitions; the check would cost on every record.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // KIP-1034: the handlers below return their dead-letter records to Streams, which writes them within
        // the task's transaction; the topic name is read by the handlers from this setting.
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DEAD_LETTER.name());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeserializationFailureHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingFailureHandler.class);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionFailureHandler.class);
        // Policies arrive through a GlobalKTable; its processing errors take the same path.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(DeserializationFailureHandler.METRICS_CONFIG, metrics);
        return p;
    }
}
