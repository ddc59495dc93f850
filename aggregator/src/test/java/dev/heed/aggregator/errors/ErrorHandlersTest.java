package dev.heed.aggregator.errors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.aggregator.AggregatorMetrics;
import dev.heed.proto.v1.DeadLetter;
import dev.heed.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class ErrorHandlersTest {
    private static final byte[] KEY = "cam-1/1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = {1, 2, 3};
    private static final Map<String, Object> CONFIGS = Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
            Topics.DEAD_LETTER.name());

    @Test
    void aProcessingErrorFailsAndDeadLettersTheInputAsADeadLetterMessage() throws Exception {
        ProcessingFailureHandler h = new ProcessingFailureHandler();
        h.configure(CONFIGS);
        var r = h.handleError(new Context(), new Record<>("cam-1/1", "x", 1L), new IllegalStateException("boom"));

        assertEquals(ProcessingExceptionHandler.Result.FAIL, r.result());
        DeadLetter dl = single(r.deadLetterQueueRecords());
        assertEquals(ProcessingFailureHandler.REASON_CODE, dl.getReasonCode());
        assertEquals("IllegalStateException: boom", dl.getReason());
        assertEquals(Topics.POSE_EVENTS.name(), dl.getSourceTopic());
        assertEquals(3, dl.getSourcePartition());
        assertEquals(42, dl.getSourceOffset());
    }

    @Test
    void aRejectedEventIsCountedDeadLetteredWithItsReasonAndProcessingResumes() throws Exception {
        AggregatorMetrics metrics = new AggregatorMetrics(new PrometheusRegistry());
        ProcessingFailureHandler h = new ProcessingFailureHandler();
        java.util.Map<String, Object> configs = new java.util.HashMap<>(CONFIGS);
        configs.put(DeserializationFailureHandler.METRICS_CONFIG, metrics);
        h.configure(configs);
        // Streams may wrap what the processor threw.
        var r = h.handleError(new Context(), new Record<>("cam-1/1", "x", 1L),
                new RuntimeException(new RejectedEventException("bad_key", "not a person key")));

        assertEquals(ProcessingExceptionHandler.Result.RESUME, r.result());
        DeadLetter dl = single(r.deadLetterQueueRecords());
        assertEquals("bad_key", dl.getReasonCode());
        assertEquals("RejectedEventException: not a person key", dl.getReason());
        assertEquals(1, metrics.rejectedEvents("bad_key"));
    }

    @Test
    void aProductionErrorRetriesWhatIsRetriableAndOtherwiseFailsWithADeadLetter() throws Exception {
        ProductionFailureHandler h = new ProductionFailureHandler();
        h.configure(CONFIGS);
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(Topics.ATTENTION_WINDOWS.name(), KEY, new byte[] {9});

        assertEquals(ProductionExceptionHandler.Result.RETRY,
                h.handleError(new Context(), out, new NotLeaderOrFollowerException("moved")).result());
        var r = h.handleError(new Context(), out, new RecordTooLargeException("too big"));
        assertEquals(ProductionExceptionHandler.Result.FAIL, r.result());
        assertEquals(ProductionFailureHandler.REASON_CODE, single(r.deadLetterQueueRecords()).getReasonCode());
    }

    @Test
    void withoutADeadLetterTopicTheDeserializationHandlerStillCountsAndResumes() {
        AggregatorMetrics metrics = new AggregatorMetrics(new PrometheusRegistry());
        DeserializationFailureHandler h = new DeserializationFailureHandler();
        h.configure(Map.of(DeserializationFailureHandler.METRICS_CONFIG, metrics));
        var r = h.handleError(new Context(), new ConsumerRecord<>(Topics.POSE_EVENTS.name(), 0, 5, KEY, VALUE),
                new RuntimeException("bad"));

        assertEquals(DeserializationExceptionHandler.Result.RESUME, r.result());
        assertTrue(r.deadLetterQueueRecords().isEmpty());
        assertEquals(1, metrics.deserializationErrors());
    }

    @Test
    void aMalformedPolicyIsCountedAndSkippedWithoutADeadLetterWhichTheGlobalThreadCannotWrite() {
        AggregatorMetrics metrics = new AggregatorMetrics(new PrometheusRegistry());
        DeserializationFailureHandler h = new DeserializationFailureHandler();
        java.util.Map<String, Object> configs = new java.util.HashMap<>(CONFIGS);
        configs.put(DeserializationFailureHandler.METRICS_CONFIG, metrics);
        h.configure(configs);
        var r = h.handleError(new Context(), new ConsumerRecord<>(Topics.ATTENTION_POLICIES.name(), 0, 5, KEY, VALUE),
                new RuntimeException("bad"));
        assertEquals(DeserializationExceptionHandler.Result.RESUME, r.result());
        assertTrue(r.deadLetterQueueRecords().isEmpty());
        assertEquals(1, metrics.deserializationErrors());
        var pose = h.handleError(new Context(), new ConsumerRecord<>(Topics.POSE_EVENTS.name(), 0, 6, KEY, VALUE),
                new RuntimeException("bad"));
        assertEquals(1, pose.deadLetterQueueRecords().size(), "pose events still get their dead letter");
    }

    private static DeadLetter single(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        assertEquals(1, records.size());
        ProducerRecord<byte[], byte[]> rec = records.get(0);
        assertEquals(Topics.DEAD_LETTER.name(), rec.topic());
        assertArrayEquals(KEY, rec.key());
        DeadLetter dl = DeadLetter.parseFrom(rec.value());
        assertEquals("aggregator", dl.getService());
        assertEquals(Topics.SCHEMA_VERSION, dl.getSchemaVersion());
        assertArrayEquals(VALUE, dl.getPayload().toByteArray());
        return dl;
    }

    /** The source record a failing task was working on: pose-events partition 3, offset 42. */
    private static final class Context implements ErrorHandlerContext {
        @Override
        public String topic() {
            return Topics.POSE_EVENTS.name();
        }

        @Override
        public int partition() {
            return 3;
        }

        @Override
        public long offset() {
            return 42;
        }

        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "long-distraction";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 3);
        }

        @Override
        public long timestamp() {
            return 1L;
        }

        @Override
        public byte[] sourceRawKey() {
            return KEY;
        }

        @Override
        public byte[] sourceRawValue() {
            return VALUE;
        }
    }
}
