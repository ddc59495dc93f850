package dev.heed.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.heed.kafka.embedded.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka security end to end: a real broker whose listener requires SASL/PLAIN, and the three services as their own
 * processes (as in their images), each given the credentials only through --kafka-config. They must reach ready
 * and carry a real clip's faces through to the aggregator; their whole logs must never contain the password; a
 * wrong password must end in a clear authentication error, not a silent retry loop.
 */
class KafkaSecurityTest {
    private static final String USER = "heed-svc";
    private static final String CAMERA = "secure-cam";

    private static Path clientConfig(Path dir, String name, String password) throws Exception {
        return Files.writeString(dir.resolve(name), """
                # Kafka client settings, as mounted from a Secret in Kubernetes
                security.protocol=SASL_PLAINTEXT
                sasl.mechanism=PLAIN
                sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="%s" password="%s";
                """.formatted(USER, password));
    }

    private static List<String> kafkaArgs(EmbeddedKafka kafka, Path config) {
        return List.of("--bootstrap-servers", kafka.bootstrapServers(), "--kafka-config", config.toString());
    }

    private static void awaitReady(List<ServiceProcess> services, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ServiceProcess> waiting = new ArrayList<>(services);
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            for (ServiceProcess s : new ArrayList<>(waiting)) {
                if (!s.isAlive()) {
                    fail(s.name() + " exited:\n" + s.log());
                }
                if (s.status("/readyz") == 200) {
                    waiting.remove(s);
                }
            }
            Thread.sleep(500);
        }
        if (!waiting.isEmpty()) {
            StringBuilder sb = new StringBuilder("not ready within " + timeout + ":");
            for (ServiceProcess s : waiting) {
                sb.append("\n--- ").append(s.name()).append(" (readyz ").append(s.status("/readyz")).append(")\n").append(s.log());
            }
            fail(sb.toString());
        }
    }

    @Test
    void theServicesWorkOverSaslAndNeverLogThePassword(@TempDir Path tmp) throws Exception {
        String password = "pw-" + UUID.randomUUID();
        Path clip = Repo.shared().resolve("data/clips/office-turns.mp4");
        try (EmbeddedKafka kafka = EmbeddedKafka.startWithSaslPlain(Map.of(USER, password)).withHeedTopics(1)) {
            Path config = clientConfig(tmp, "client.properties", password);
            List<ServiceProcess> services = new ArrayList<>();
            try {
                services.add(ServiceProcess.start("aggregator", "dev.heed.aggregator.AggregatorCommand", tmp, kafkaArgs(kafka, config)));
                services.add(ServiceProcess.start("inference", "dev.heed.inference.InferenceCommand", tmp, kafkaArgs(kafka, config)));
                List<String> ingestArgs = new ArrayList<>(kafkaArgs(kafka, config));
                ingestArgs.addAll(List.of("--camera-id", CAMERA, "--source", clip.toString(), "--loop"));
                services.add(ServiceProcess.start("ingest", "dev.heed.ingest.IngestCommand", tmp, ingestArgs));
                awaitReady(services, Duration.ofSeconds(120));

                // Faces of the clip went ingest -> inference -> aggregator, every hop authenticated.
                ServiceProcess aggregator = services.get(0);
                String events = "heed_aggregator_events_total{camera=\"" + CAMERA + "\"}";
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (!(aggregator.sample(events) > 0) && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                assertTrue(aggregator.sample(events) > 0, "no pose event reached the aggregator:\n" + aggregator.metrics());
                // The JMX exporter agent's consumer lag is on the services' own /metrics, as in the images.
                for (ServiceProcess s : List.of(services.get(0), services.get(1))) {
                    assertTrue(s.metrics().contains("heed_kafka_consumer_records_lag{"), s.name() + " /metrics lacks the consumer lag");
                }
            } finally {
                for (int i = services.size() - 1; i >= 0; i--) {
                    services.get(i).close();
                }
            }
            for (ServiceProcess s : services) {
                String log = s.log();
                assertTrue(log.contains(s.name() + " started"), s.name() + " log:\n" + log);
                // The settings were used (and printed redacted), the password never.
                assertTrue(log.contains("sasl.jaas.config = [hidden]") || log.contains("sasl.jaas.config=[hidden]"),
                        s.name() + " never printed its (redacted) JAAS setting:\n" + log);
                assertFalse(log.contains(password), s.name() + " logged the password:\n" + log);
            }
        }
    }

    @Test
    void aWrongPasswordFailsClearlyAndNeverShowsUp(@TempDir Path tmp) throws Exception {
        String password = "pw-" + UUID.randomUUID();
        String wrong = "wrong-" + UUID.randomUUID();
        try (EmbeddedKafka kafka = EmbeddedKafka.startWithSaslPlain(Map.of(USER, password)).withHeedTopics(1)) {
            Path config = clientConfig(tmp, "wrong.properties", wrong);
            for (String[] service : new String[][] {
                    {"inference", "dev.heed.inference.InferenceCommand"}, {"aggregator", "dev.heed.aggregator.AggregatorCommand"}}) {
                try (ServiceProcess s = ServiceProcess.start(service[0], service[1], tmp, kafkaArgs(kafka, config))) {
                    // It stops with an error status (its orchestrator restarts it with back-off) instead of retrying forever.
                    Integer exit = s.awaitExit(Duration.ofSeconds(90));
                    String log = s.log();
                    assertNotNull(exit, service[0] + " still running after 90 s with a wrong password:\n" + log);
                    assertEquals(1, exit, log);
                    assertTrue(log.contains("Authentication failed"), service[0] + " does not say authentication failed:\n" + log);
                    assertFalse(log.contains(wrong) || log.contains(password), service[0] + " logged a password:\n" + log);
                }
            }
        }
    }
}
