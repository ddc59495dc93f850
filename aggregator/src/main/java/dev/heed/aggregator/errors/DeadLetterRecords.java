package dev.heed.aggregator.errors;

import com.google.protobuf.ByteString;
import dev.heed.common.security.Redactor;
import dev.heed.proto.v1.DeadLetter;
import dev.heed.topics.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Builds the dead-letter records the aggregator's error handlers hand back to Kafka Streams (KIP-1034).
 * Streams' own handlers would write the raw input bytes with error headers; heed.dead-letter.v1 carries
 * DeadLetter messages for every service, so the aggregator writes those instead, with the original bytes
 * in the payload for replay after a fix.
 */
public final class DeadLetterRecords {
    public static final String SERVICE = "aggregator";

    private final String topic;

    private DeadLetterRecords(String topic) {
        this.topic = topic;
    }

    /** Reads the dead-letter topic from Streams' errors.dead.letter.queue.topic.name; none set means none written. */
    public static DeadLetterRecords from(Map<String, ?> configs) {
        Object t = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        return new DeadLetterRecords(t == null ? null : t.toString());
    }

    /**
     * @param reasonCode short code for metrics and triage, e.g. "malformed_protobuf"
     * @param error      the failure; its class and message become the reason (messages here carry no payload)
     */
    public List<ProducerRecord<byte[], byte[]>> of(String sourceTopic, int partition, long offset, byte[] rawKey,
                                                   byte[] rawValue, String reasonCode, Exception error) {
        if (topic == null) {
            return List.of();
        }
        DeadLetter dl = DeadLetter.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setService(SERVICE)
                .setSourceTopic(sourceTopic == null ? "" : sourceTopic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setReasonCode(reasonCode)
                .setReason(describe(error))
                .setPayload(rawValue == null ? ByteString.EMPTY : ByteString.copyFrom(rawValue))
                .setRejectedAtMs(System.currentTimeMillis())
                .build();
        return List.of(new ProducerRecord<>(topic, null, rawKey, dl.toByteArray()));
    }

    static String describe(Exception e) {
        String msg = e.getMessage();
        return Redactor.redactUrls(e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg));
    }
}
