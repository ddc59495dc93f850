package dev.heed.aggregator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.kafka.KafkaSettings;
import dev.heed.kafka.embedded.EmbeddedKafka;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AlertType;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.DeadLetter;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The service on a real broker, exactly-once: one person looks away for 5 s between two attending spells. */
class AggregatorServiceIntegrationTest {
    private static final String KEY = "cam-1/1";
    private static final byte[] GARBAGE = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

    @TempDir
    Path stateDir;

    @Test
    @Timeout(90)
    void oneLongDistractionAndItsWindowsEndToEnd() throws Exception {
        // Minute-aligned, so the 10 s and 60 s windows start with the data.
        long base = System.currentTimeMillis() / 60_000 * 60_000;
        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1)) {
            KafkaSettings settings = kafka.settings();
            produce(settings, base);

            PrometheusRegistry registry = new PrometheusRegistry();
            List<AttentionAlert> alerts = new ArrayList<>();
            List<AttentionWindow> windows = new ArrayList<>();
            List<ConsumerRecord<String, byte[]>> deadLetters = new ArrayList<>();
            try (AggregatorService service = new AggregatorService(AggregatorConfig.defaults(stateDir), settings, registry)) {
                service.start();
                consume(settings, alerts, windows, deadLetters);
                assertTrue(service.isReady(), "state " + service.state());
                assertTrue(service.isAlive());

                assertEquals(1, service.metrics().alertsRaised("cam-1", AlertType.LONG_DISTRACTION));
                assertEquals(67, service.metrics().events("cam-1"));
                assertEquals(1, service.metrics().deserializationErrors());

                service.close();
                service.close();
                assertEquals(KafkaStreams.State.NOT_RUNNING, service.state());
                assertFalse(service.isReady());
            }

            assertEquals(2, alerts.size(), alerts.toString());
            AttentionAlert raised = alerts.get(0);
            AttentionAlert cleared = alerts.get(1);
            assertEquals(AlertState.RAISED, raised.getState());
            assertEquals("cam-1/1/LONG_DISTRACTION/" + (base + 4000), raised.getAlertId());
            assertEquals(base + 4000, raised.getStartedAtMs());
            assertEquals(base + 7000, raised.getEventTimeMs());
            assertEquals(3000, raised.getDurationMs());
            assertEquals(AlertState.CLEARED, cleared.getState());
            assertEquals(raised.getAlertId(), cleared.getAlertId());
            assertEquals(base + 9000, cleared.getEventTimeMs());
            assertEquals(5000, cleared.getDurationMs());

            windows.sort(Comparator.comparing(AttentionWindow::getWindowSizeS).thenComparing(AttentionWindow::getWindowStartMs));
            assertEquals(3, windows.size(), windows.toString());
            assertWindow(windows.get(0), base, 10, 50, 25, 1, -30, 30);
            assertWindow(windows.get(1), base + 10_000, 10, 15, 15, 0, 0, 0);
            assertWindow(windows.get(2), base, 60, 65, 40, 1, -60.0 * 25 / 65, 60 * Math.sqrt(25.0 / 65 * 40 / 65));

            assertEquals(1, deadLetters.size());
            assertEquals(KEY, deadLetters.get(0).key());
            DeadLetter dl = DeadLetter.parseFrom(deadLetters.get(0).value());
            assertEquals("aggregator", dl.getService());
            assertArrayEquals(GARBAGE, dl.getPayload().toByteArray());
        }
    }

    @Test
    @Timeout(60)
    void missingTopicsStopTheServiceAndItReportsItselfDead() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (AggregatorService service = new AggregatorService(AggregatorConfig.defaults(stateDir), kafka.settings(),
                    new PrometheusRegistry())) {
                service.start();
                assertTrue(service.isAlive());
                long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
                while (service.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertFalse(service.isAlive(), "state " + service.state());
                assertFalse(service.isReady());
            }
        }
    }

    private static void assertWindow(AttentionWindow w, long start, int sizeS, int samples, int attending, int episodes,
                                     double meanYaw, double stdYaw) {
        String what = w.toString();
        assertEquals(start, w.getWindowStartMs(), what);
        assertEquals(start + sizeS * 1000L, w.getWindowEndMs(), what);
        assertEquals(sizeS, w.getWindowSizeS(), what);
        assertEquals(samples, w.getSamples(), what);
        assertEquals(attending, w.getAttendingSamples(), what);
        assertEquals((float) attending / samples, w.getAttendingShare(), 1e-6, what);
        assertEquals(episodes, w.getAwayEpisodes(), what);
        assertEquals(meanYaw, w.getMeanYawDeg(), 1e-3, what);
        assertEquals(stdYaw, w.getStdYawDeg(), 1e-3, what);
        assertEquals("cam-1", w.getCameraId(), what);
        assertEquals(1, w.getTrackId(), what);
        assertEquals("default", w.getPolicyId(), what);
        assertEquals(Topics.SCHEMA_VERSION, w.getSchemaVersion(), what);
    }

    /** 5 events/s: attending 4 s, away 5 s, attending 4 s, a malformed record, then two events 70 s in. */
    private static void produce(KafkaSettings settings, long base) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.producer("it-producer"))) {
            long frame = 0;
            for (long t = 0; t < 13_000; t += 200) {
                double yaw = t >= 4_000 && t < 9_000 ? -60 : 0;
                producer.send(new ProducerRecord<>(Topics.POSE_EVENTS.name(), KEY, pose(base + t, frame++, yaw).toByteArray()));
                if (t == 6_000) {
                    producer.send(new ProducerRecord<>(Topics.POSE_EVENTS.name(), KEY, GARBAGE));
                }
            }
            // Stream time passes 60 s + grace, closing every window the 13 s above touched.
            for (long t = 70_000; t <= 70_200; t += 200) {
                producer.send(new ProducerRecord<>(Topics.POSE_EVENTS.name(), KEY, pose(base + t, frame++, 0).toByteArray()));
            }
            producer.flush();
        }
    }

    private static PoseEvent pose(long captureMs, long frame, double yaw) {
        return PoseEvent.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setCameraId("cam-1")
                .setTrackId(1)
                .setFrameNumber(frame)
                .setCaptureTimeMs(captureMs)
                .setYawDeg((float) yaw)
                .setModelName("integration-test")
                .build();
    }

    /** Reads committed output until everything expected has arrived, then a little longer to catch duplicates. */
    private static void consume(KafkaSettings settings, List<AttentionAlert> alerts, List<AttentionWindow> windows,
                                List<ConsumerRecord<String, byte[]>> deadLetters) throws Exception {
        Map<String, Object> props = settings.consumer("it-reader", "it-reader");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.ATTENTION_ALERTS.name(), Topics.ATTENTION_WINDOWS.name(), Topics.DEAD_LETTER.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(Topics.ATTENTION_ALERTS.name())) {
                        assertEquals(KEY, r.key());
                        alerts.add(AttentionAlert.parseFrom(r.value()));
                    } else if (r.topic().equals(Topics.ATTENTION_WINDOWS.name())) {
                        assertEquals(KEY, r.key());
                        windows.add(AttentionWindow.parseFrom(r.value()));
                    } else {
                        deadLetters.add(r);
                    }
                }
                if (quietUntil == Long.MAX_VALUE && alerts.size() >= 2 && windows.size() >= 3 && !deadLetters.isEmpty()) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
            assertFalse(quietUntil == Long.MAX_VALUE, "expected output did not arrive within 60 s: alerts=" + alerts
                    + " windows=" + windows.size() + " deadLetters=" + deadLetters.size());
        }
    }
}
