package dev.heed.aggregator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.aggregator.http.PeopleEndpoint;
import dev.heed.common.http.OpsServer;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.kafka.embedded.EmbeddedKafka;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AlertType;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionPolicy;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.DeadLetter;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service on a real broker, exactly-once: two people, a long distraction, a policy change while running
 * that turns the next events into another one, the people endpoint, a malformed record; everything committed
 * must equal what the topology produces in a TopologyTestDriver for the same input.
 */
class AggregatorServiceIntegrationTest {
    private static final byte[] GARBAGE = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Comparator<AttentionWindow> WINDOW_ORDER = Comparator.comparing(AttentionWindow::getScope)
            .thenComparing(AttentionWindow::getCameraId).thenComparingLong(AttentionWindow::getTrackId)
            .thenComparingInt(AttentionWindow::getWindowSizeS).thenComparingLong(AttentionWindow::getWindowStartMs);

    @TempDir
    Path stateDir;

    @Test
    @Timeout(180)
    void alertsWindowsAPolicyChangeAndThePeopleEndpointOnARealBroker() throws Exception {
        // Minute-aligned and in the past, so windows start with the data and no capture time is in the future.
        long base = System.currentTimeMillis() / 60_000 * 60_000 - 180_000;
        AggregatorConfig config = AggregatorConfig.defaults(stateDir).withApplicationId("it-aggregator");
        AttentionPolicy towardsBoard = AttentionPolicy.newBuilder().setSchemaVersion(Topics.SCHEMA_VERSION).setYaw0Deg(60).build();
        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1);
             TopologyOracle oracle = new TopologyOracle(config)) {
            KafkaSettings settings = kafka.settings();
            PrometheusRegistry registry = new PrometheusRegistry();
            try (AggregatorService service = new AggregatorService(config, settings, registry);
                 OpsServer ops = OpsServer.start(0, registry, List.of(service), Map.of(PeopleEndpoint.PATH, new PeopleEndpoint(service)));
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.producer("it-producer"));
                 CommittedOutputs out = new CommittedOutputs(settings, "it-reader")) {
                service.start();

                // Person 1 looks away 4-9 s; person 2 looks at the camera. A malformed record in between.
                for (long t = 0; t <= 13_000; t += 100) {
                    send(producer, oracle, pose(1, base + t, t >= 4_000 && t < 9_000 ? -60 : 0));
                    send(producer, oracle, pose(2, base + t, 0));
                    if (t == 6_000) {
                        producer.send(new ProducerRecord<>(Topics.POSE_EVENTS.name(), "cam-1/1", GARBAGE));
                    }
                }
                producer.flush();
                assertTrue(out.await(() -> out.alerts().size() >= 2, WAIT), "first alert pair: " + out.alerts());
                String people = get(ops.port(), "/people?camera=cam-1");
                assertTrue(people.startsWith("{\"camera_id\":\"cam-1\",\"people\":[{\"track_id\":1,\"state\":\"ATTENDING\",\"since_ms\":"
                        + (base + 9_000) + ","), people);
                assertTrue(people.contains("{\"track_id\":2,\"state\":\"ATTENDING\",\"since_ms\":" + base + ","), people);

                // The board is now at yaw 60 for this camera: person 1, still looking at the camera, is away. A
                // malformed policy record before it is counted and skipped, and does not stop the service.
                producer.send(new ProducerRecord<>(Topics.ATTENTION_POLICIES.name(), "cam-1", GARBAGE)).get();
                producer.send(new ProducerRecord<>(Topics.ATTENTION_POLICIES.name(), "cam-1", towardsBoard.toByteArray())).get();
                oracle.policy("cam-1", towardsBoard);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (service.policy("cam-1").isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(towardsBoard, service.policy("cam-1").orElseThrow());
                for (long t = 13_100; t <= 20_000; t += 100) {
                    send(producer, oracle, pose(1, base + t, 0));
                    send(producer, oracle, pose(2, base + t, 60));
                }
                producer.flush();
                assertTrue(out.await(() -> out.alerts().stream().anyMatch(a -> a.getPolicyId().equals("cam-1")), WAIT),
                        "an alert under the new policy: " + out.alerts());
                // Decided on arrival: the committed state is that of the last sample sent.
                assertTrue(out.await(() -> out.alerts().size() >= 4, WAIT), "both alerts under the new policy: " + out.alerts());
                people = get(ops.port(), "/people?camera=cam-1");
                assertTrue(people.contains("{\"track_id\":1,\"state\":\"AWAY\",\"since_ms\":" + (base + 13_100) + ","), people);
                assertTrue(people.contains("\"policy_id\":\"cam-1\",\"open_alerts\":[{\"alert_id\":\"cam-1/1/LONG_DISTRACTION/"
                        + (base + 13_100) + "\""), people);
                for (long t = 20_100; t <= 21_000; t += 100) {
                    send(producer, oracle, pose(1, base + t, 60));
                    send(producer, oracle, pose(2, base + t, 60));
                }

                // Later samples close every window.
                for (long t : new long[] {75_000, 145_000, 150_000, 152_000}) {
                    send(producer, oracle, pose(1, base + t, 60));
                    send(producer, oracle, pose(2, base + t, 60));
                }
                producer.flush();
                List<AttentionAlert> expectedAlerts = oracle.alerts();
                List<AttentionWindow> expectedWindows = oracle.windows();
                assertTrue(out.await(() -> out.alerts().size() >= expectedAlerts.size() && out.windows().size() >= expectedWindows.size()
                        && !out.deadLetters().isEmpty(), WAIT), "alerts " + out.alerts().size() + "/" + expectedAlerts.size()
                        + ", windows " + out.windows().size() + "/" + expectedWindows.size());
                Thread.sleep(1000); // a duplicate would have time to show up

                List<AttentionAlert> alerts = out.alerts();
                assertEquals(expectedAlerts, alerts);
                assertEquals(List.of("RAISED LONG_DISTRACTION default", "CLEARED LONG_DISTRACTION default",
                                "RAISED LONG_DISTRACTION cam-1", "RAISED VISUAL_TIME_SHARING cam-1", "CLEARED LONG_DISTRACTION cam-1",
                                "CLEARED VISUAL_TIME_SHARING cam-1"),
                        alerts.stream().map(a -> a.getState() + " " + a.getType() + " " + a.getPolicyId()).toList());
                assertEquals(base + 4_000, alerts.get(0).getStartedAtMs());
                assertEquals(base + 13_100, alerts.get(2).getStartedAtMs());
                assertTrue(out.alertKeys().stream().allMatch("cam-1/1"::equals), out.alertKeys().toString());
                assertEquals(expectedWindows.stream().sorted(WINDOW_ORDER).toList(), out.windows().stream().sorted(WINDOW_ORDER).toList());

                List<DeadLetter> dead = out.deadLetters();
                assertEquals(1, dead.size());
                assertEquals("aggregator", dead.get(0).getService());
                assertArrayEquals(GARBAGE, dead.get(0).getPayload().toByteArray());

                assertTrue(service.isReady(), "state " + service.state());
                assertEquals(2, service.metrics().alertsRaised("cam-1", AlertType.LONG_DISTRACTION));
                assertEquals(2 * (131 + 80 + 4), service.metrics().events("cam-1"));
                assertEquals(2, service.metrics().deserializationErrors(), "a pose event and a policy");
                assertEquals(0, service.metrics().lateEvents("cam-1"));
                assertTrue(expectedAlerts.stream().anyMatch(a -> a.getState() == AlertState.CLEARED));

                service.close();
                service.close();
                assertEquals(KafkaStreams.State.NOT_RUNNING, service.state());
                assertFalse(service.isReady());
            }
        }
    }

    @Test
    @Timeout(60)
    void withoutItsTopicsTheServiceRefusesToStartAndReportsItselfDead() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (AggregatorService service = new AggregatorService(AggregatorConfig.defaults(stateDir), kafka.settings(),
                    new PrometheusRegistry())) {
                IllegalStateException e = assertThrows(IllegalStateException.class, service::start);
                assertTrue(e.getMessage().contains(Topics.ATTENTION_POLICIES.name()), e.getMessage());
                assertTrue(e.getMessage().contains("heed topics"), e.getMessage());
                assertFalse(service.isAlive());
                assertFalse(service.isReady());
            }
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, TopologyOracle oracle, PoseEvent e) {
        String key = e.getCameraId() + "/" + e.getTrackId();
        producer.send(new ProducerRecord<>(Topics.POSE_EVENTS.name(), key, e.toByteArray()));
        oracle.pose(key, e);
    }

    static PoseEvent pose(long track, long captureMs, double yaw) {
        return PoseEvent.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setCameraId("cam-1")
                .setTrackId(track)
                .setCaptureTimeMs(captureMs)
                .setYawDeg((float) yaw)
                .setYawConfidence(0.9f)
                .setPitchConfidence(0.9f)
                .setModelName("integration-test")
                .build();
    }

    /** GET, retrying while the stores are briefly not queryable (503, as during a rebalance), as a client should. */
    private static String get(int port, String pathAndQuery) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> r;
        do {
            r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 503) {
                Thread.sleep(100);
            }
        } while (r.statusCode() == 503 && System.nanoTime() < deadline);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }
}
