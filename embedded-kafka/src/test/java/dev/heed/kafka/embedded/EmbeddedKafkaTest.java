package dev.heed.kafka.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {
    @Test
    void realBrokerCreatesTopicsWithTheirRetentionAndRoundTripsRecordsThenDeletesItsData() throws Exception {
        Path dataDir;
        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(2)) {
            try (Admin admin = Admin.create(kafka.settings().common())) {
                assertTrue(admin.listTopics().names().get().containsAll(Topics.ALL.stream().map(t -> t.name()).toList()));
                ConfigResource crops = new ConfigResource(ConfigResource.Type.TOPIC, Topics.FACE_CROPS.name());
                Config cfg = admin.describeConfigs(List.of(crops)).all().get(30, TimeUnit.SECONDS).get(crops);
                assertEquals(Long.toString(Topics.FACE_CROPS_RETENTION.toMillis()), cfg.get("retention.ms").value());
            }
            try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(kafka.settings().producer("t"))) {
                p.send(new ProducerRecord<>(Topics.POSE_EVENTS.name(), "cam/1", new byte[] {42})).get();
            }
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(kafka.settings().consumer("g", "t"))) {
                c.subscribe(List.of(Topics.POSE_EVENTS.name()));
                ConsumerRecord<String, byte[]> got = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (got == null && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                        got = r;
                    }
                }
                assertEquals("cam/1", got.key());
                assertEquals(42, got.value()[0]);
            }
            dataDir = kafka.dataDir();
            assertTrue(Files.isDirectory(dataDir));
        }
        assertFalse(Files.exists(dataDir), "broker data folder must be deleted on close: " + dataDir);
    }
}
