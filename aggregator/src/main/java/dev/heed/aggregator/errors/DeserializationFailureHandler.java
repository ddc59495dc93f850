package dev.heed.aggregator.errors;

import dev.heed.aggregator.AggregatorMetrics;
import dev.heed.topics.Topics;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be deserialized is logged (coordinates only, never the bytes), counted,
 * dead-lettered, and skipped: one malformed event must not stop every camera's aggregation.
 *
 * <p>Except for the policies: Kafka Streams 4.3.1 cannot write dead letters from the global thread that reads
 * heed.attention-policies.v1 (it fails with a ClassCastException, killing the client, and again on every
 * restart while the record is in the compacted topic; see the discussion in apache/kafka#21535). A malformed
 * policy record is therefore logged, counted and skipped without a dead letter, and the policy's previous
 * version stays in force.
 */
public final class DeserializationFailureHandler implements DeserializationExceptionHandler {
    /** Streams config key under which the service passes its {@link AggregatorMetrics} instance. */
    public static final String METRICS_CONFIG = "heed.aggregator.metrics";
    public static final String REASON_CODE = "malformed_protobuf";
    private static final Logger log = LoggerFactory.getLogger(DeserializationFailureHandler.class);

    private DeadLetterRecords deadLetters;
    private AggregatorMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetterRecords.from(configs);
        metrics = configs.get(METRICS_CONFIG) instanceof AggregatorMetrics m ? m : null;
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        log.warn("skipping undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                DeadLetterRecords.describe(exception));
        if (metrics != null) {
            metrics.deserializationError();
        }
        if (Topics.ATTENTION_POLICIES.name().equals(record.topic())) {
            return Response.resume();
        }
        return Response.resume(deadLetters.of(record.topic(), record.partition(), record.offset(), record.key(),
                record.value(), REASON_CODE, exception));
    }
}
