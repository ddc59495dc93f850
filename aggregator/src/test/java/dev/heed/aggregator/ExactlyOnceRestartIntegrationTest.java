package dev.heed.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.kafka.KafkaSettings;
import dev.heed.kafka.embedded.EmbeddedKafka;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AlertType;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Exactly-once across a crash. The first aggregator runs in a child JVM (the real `aggregator` command) and is
 * killed with SIGKILL while pose events are still arriving: no close, no flush, no commit, a transaction left
 * open. A second instance with the same application id and an empty state directory takes over, restoring
 * every store (reorder buffer, person states, windows) from the changelogs. Read committed, the alerts and
 * windows must be exactly those of an uninterrupted run (the TopologyTestDriver's for the same input): none
 * lost, none twice.
 */
class ExactlyOnceRestartIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Comparator<AttentionWindow> WINDOW_ORDER = Comparator.comparing(AttentionWindow::getScope)
            .thenComparing(AttentionWindow::getCameraId).thenComparingLong(AttentionWindow::getTrackId)
            .thenComparingInt(AttentionWindow::getWindowSizeS).thenComparingLong(AttentionWindow::getWindowStartMs);

    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    void aKilledAggregatorsSuccessorLosesAndRepeatsNoAlert() throws Exception {
        long base = System.currentTimeMillis() / 60_000 * 60_000 - 600_000;
        List<PoseEvent> events = script(base);
        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1)) {
            // A dead member leaves the group after 6 s; its open transaction is aborted after 5 s.
            Path clientConfig = dir.resolve("client.properties");
            Files.writeString(clientConfig, "session.timeout.ms=6000\ntransaction.timeout.ms=5000\n");
            String[] flags = {"--bootstrap-servers", kafka.bootstrapServers(), "--kafka-config", clientConfig.toString(),
                    "--application-id", "eos-restart-it", "--absent-alerts", "true", "--http-port", "-1"};
            AggregatorCommand parsed = new AggregatorCommand();
            new CommandLine(parsed).parseArgs(concat(flags, "--state-dir", dir.resolve("state-b").toString()));
            AggregatorConfig config = parsed.toConfig();

            List<AttentionAlert> expectedAlerts;
            List<AttentionWindow> expectedWindows;
            try (TopologyOracle oracle = new TopologyOracle(config)) {
                events.forEach(e -> oracle.pose(key(e), e));
                expectedAlerts = oracle.alerts();
                expectedWindows = oracle.windows();
            }
            assertEquals(Map.of(AlertType.LONG_DISTRACTION, 12L, AlertType.VISUAL_TIME_SHARING, 6L, AlertType.ABSENT, 14L),
                    expectedAlerts.stream().collect(Collectors.groupingBy(AttentionAlert::getType, Collectors.counting())),
                    "the script's alerts, raised and cleared");

            KafkaSettings settings = kafka.settings();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.producer("eos-producer"));
                 CommittedOutputs out = new CommittedOutputs(settings, "eos-reader")) {
                int firstPart = events.size() / 3;
                for (PoseEvent e : events.subList(0, firstPart)) {
                    producer.send(new ProducerRecord<>(Topics.POSE_EVENTS.name(), key(e), e.toByteArray()));
                }
                producer.flush();

                Process first = startChild(concat(flags, "--state-dir", dir.resolve("state-a").toString()), dir.resolve("first.log"));
                int beforeKill;
                try {
                    assertTrue(out.await(() -> !out.alerts().isEmpty(), WAIT), "the first instance committed nothing; see "
                            + dir.resolve("first.log"));
                    // Keep feeding it, and kill it in the middle of that.
                    int i = firstPart;
                    for (; i < 2 * firstPart; i++) {
                        PoseEvent e = events.get(i);
                        producer.send(new ProducerRecord<>(Topics.POSE_EVENTS.name(), key(e), e.toByteArray()));
                        if (i == firstPart + firstPart / 4) {
                            producer.flush();
                            Thread.sleep(300);
                            first.destroyForcibly();
                        }
                    }
                    producer.flush();
                    assertTrue(first.waitFor(30, TimeUnit.SECONDS));
                    assertEquals(137, first.exitValue(), "killed by SIGKILL");
                    beforeKill = out.alerts().size();
                } finally {
                    first.destroyForcibly();
                }
                for (PoseEvent e : events.subList(2 * firstPart, events.size())) {
                    producer.send(new ProducerRecord<>(Topics.POSE_EVENTS.name(), key(e), e.toByteArray()));
                }
                producer.flush();

                try (AggregatorService second = new AggregatorService(config, parsed.kafka.toSettings(), new PrometheusRegistry())) {
                    second.start();
                    assertTrue(out.await(() -> out.alerts().size() >= expectedAlerts.size()
                            && out.windows().size() >= expectedWindows.size(), WAIT), "committed " + out.alerts().size() + " of "
                            + expectedAlerts.size() + " alerts and " + out.windows().size() + " of " + expectedWindows.size()
                            + " windows");
                    Thread.sleep(2000); // a duplicate would have time to show up
                }

                List<AttentionAlert> alerts = out.alerts();
                assertTrue(beforeKill > 0 && beforeKill < expectedAlerts.size(), "the kill came mid-stream: " + beforeKill
                        + " of " + expectedAlerts.size() + " alerts were committed before it");
                Map<String, Long> perIdAndState = alerts.stream().collect(Collectors.groupingBy(
                        a -> a.getAlertId() + " " + a.getState(), Collectors.counting()));
                perIdAndState.forEach((k, n) -> assertEquals(1L, n, k + " committed " + n + " times"));
                Map<String, List<AlertState>> byId = alerts.stream().collect(Collectors.groupingBy(AttentionAlert::getAlertId,
                        Collectors.mapping(AttentionAlert::getState, Collectors.toList())));
                byId.forEach((id, states) -> assertEquals(List.of(AlertState.RAISED, AlertState.CLEARED), states, id));
                assertEquals(sorted(expectedAlerts), sorted(alerts));
                assertEquals(expectedWindows.stream().sorted(WINDOW_ORDER).toList(), out.windows().stream().sorted(WINDOW_ORDER).toList());
            }
        }
    }

    /**
     * Three people for 180 s at 10 samples/s. Person 1 glances away 2.5 s in every 5 s for 25 s of each 60 s
     * (time-sharing); person 2 looks away 5-11 s of every 30 s (long distraction); person 3 is gone 20-30 s of
     * every 45 s (absence). After a gap in which everybody is absent, the last samples close the windows.
     */
    static List<PoseEvent> script(long base) {
        List<PoseEvent> events = new ArrayList<>();
        for (long t = 0; t <= 180_000; t += 100) {
            long c1 = t % 60_000;
            boolean glancing = c1 < 25_000 && c1 % 5_000 < 2_500;
            events.add(pose(1, base + t, glancing ? -60 : 0));
            long c2 = t % 30_000;
            events.add(pose(2, base + t, c2 >= 5_000 && c2 < 11_000 ? 70 : 0));
            long c3 = t % 45_000;
            if (c3 < 20_000 || c3 >= 30_000) {
                events.add(pose(3, base + t, 0));
            }
        }
        for (long t = 250_000; t <= 262_000; t += 2_000) {
            for (int track = 1; track <= 3; track++) {
                events.add(pose(track, base + t, 0));
            }
        }
        return events;
    }

    private static PoseEvent pose(long track, long captureMs, double yaw) {
        return AggregatorServiceIntegrationTest.pose(track, captureMs, yaw);
    }

    private static String key(PoseEvent e) {
        return e.getCameraId() + "/" + e.getTrackId();
    }

    private static List<String> sorted(List<AttentionAlert> alerts) {
        return alerts.stream().map(AttentionAlert::toString).sorted().toList();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The aggregator command in a JVM of its own, on this test's classpath. */
    private static Process startChild(String[] args, Path log) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", classpath, AggregatorCommand.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = new HashMap<>(pb.environment());
        env.keySet().stream().filter(k -> k.startsWith("HEED_")).forEach(pb.environment()::remove);
        return pb.start();
    }
}
