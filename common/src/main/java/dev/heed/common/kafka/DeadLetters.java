package dev.heed.common.kafka;

import com.google.protobuf.ByteString;
import dev.heed.proto.v1.DeadLetter;
import dev.heed.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import java.util.concurrent.Future;

/** Writes records a service cannot process to the dead-letter topic, with the reason and the original bytes. */
public final class DeadLetters {
    private final String service;
    private final Producer<String, byte[]> producer;

    public DeadLetters(String service, Producer<String, byte[]> producer) {
        this.service = service;
        this.producer = producer;
    }

    /**
     * @param reasonCode short code for metrics, e.g. "malformed_protobuf"
     * @param reason     human-readable reason; must not contain payload bytes or secrets
     */
    public Future<RecordMetadata> send(ConsumerRecord<String, byte[]> rejected, String reasonCode, String reason) {
        DeadLetter dl = DeadLetter.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setService(service)
                .setSourceTopic(rejected.topic())
                .setSourcePartition(rejected.partition())
                .setSourceOffset(rejected.offset())
                .setReasonCode(reasonCode)
                .setReason(reason)
                .setPayload(rejected.value() == null ? ByteString.EMPTY : ByteString.copyFrom(rejected.value()))
                .setRejectedAtMs(System.currentTimeMillis())
                .build();
        return producer.send(new ProducerRecord<>(Topics.DEAD_LETTER.name(), rejected.key(), dl.toByteArray()));
    }
}
