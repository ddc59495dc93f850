package dev.heed.ingest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads what the ingest published, by camera (keys {@code <camera>} and {@code <camera>/<track>}). */
public final class TopicRecords {
    private TopicRecords() {
    }

    private static boolean ofCamera(ConsumerRecord<String, byte[]> r, String camera) {
        return r.key().equals(camera) || r.key().startsWith(camera + "/");
    }

    private static KafkaConsumer<String, byte[]> fromBeginning(KafkaSettings settings, String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.consumer("test-" + UUID.randomUUID(), "test"));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /**
     * Every record of the camera, from the beginning up to the end offsets of now. Complete once the camera has
     * flushed (FINISHED) or been stopped.
     */
    public static List<ConsumerRecord<String, byte[]>> all(KafkaSettings settings, String topic, String camera) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = fromBeginning(settings, topic)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                assertTrue(System.nanoTime() < deadline, "could not read " + topic + " to its end in 30 s");
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (ofCamera(r, camera)) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    /** The first record of the camera that matches, waiting for it to be published; fails after the timeout. */
    public static ConsumerRecord<String, byte[]> awaitFirst(KafkaSettings settings, String topic, String camera,
                                                            Predicate<ConsumerRecord<String, byte[]>> matches, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = fromBeginning(settings, topic)) {
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (ofCamera(r, camera) && matches.test(r)) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no matching record of camera " + camera + " on " + topic + " within " + timeout.toSeconds() + " s");
    }
}
