package dev.heed.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.kafka.embedded.EmbeddedKafka;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AlertType;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.proto.v1.WindowScope;
import dev.heed.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An inference restart, replayed through a real broker: inference produced a batch of pose events, died before
 * committing its input, and its successor produced the batch again; and a few events of one person arrive in the
 * wrong order (a rebalance between two inference workers). The aggregator drops the redelivered batch as duplicates
 * and the older of each swapped pair as late: its committed alerts are exactly those of the clean input (none twice,
 * none lost), and its windows those of the clean input less the late samples.
 */
class InferenceRedeliveryIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** The batch: 40 events (10 per person, 1 s of capture time) before the restart point are delivered again. */
    private static final int BATCH = 40;
    private static final Comparator<AttentionWindow> WINDOW_ORDER = Comparator.comparing(AttentionWindow::getScope)
            .thenComparing(AttentionWindow::getCameraId).thenComparingLong(AttentionWindow::getTrackId)
            .thenComparingInt(AttentionWindow::getWindowSizeS).thenComparingLong(AttentionWindow::getWindowStartMs);

    @TempDir
    Path stateDir;

    @Test
    @Timeout(180)
    void aRedeliveredBatchAndAFewSwappedEventsChangeNoAlert() throws Exception {
        long base = System.currentTimeMillis() / 60_000 * 60_000 - 300_000;
        List<PoseEvent> clean = script(base);
        // Restarts after the event of 23.95 s: mid away run, just before person 2's long distraction is due (at 24.0 s).
        int restartAt = indexOf(clean, 1, base + 23_900) + 4;
        List<PoseEvent> delivered = new ArrayList<>(clean.subList(0, restartAt));
        delivered.addAll(clean.subList(restartAt - BATCH, restartAt));
        delivered.addAll(clean.subList(restartAt, clean.size()));
        // Three swaps of two consecutive samples of person 3, in the middle of steady stretches.
        for (long t : new long[] {2_000, 33_000, 47_000}) {
            int i = indexOf(delivered, 3, base + t);
            int j = indexOf(delivered, 3, base + t + 100);
            PoseEvent first = delivered.get(i);
            delivered.set(i, delivered.get(j));
            delivered.set(j, first);
        }

        AggregatorConfig config = AggregatorConfig.defaults(stateDir).withApplicationId("redelivery-it");
        List<AttentionAlert> expectedAlerts;
        List<AttentionWindow> expectedWindows;
        try (TopologyOracle oracle = new TopologyOracle(config)) {
            clean.forEach(e -> oracle.pose(key(e), e));
            expectedAlerts = oracle.alerts();
            expectedWindows = oracle.windows();
        }
        assertEquals(Map.of(AlertType.LONG_DISTRACTION, 6L, AlertType.VISUAL_TIME_SHARING, 2L),
                expectedAlerts.stream().collect(Collectors.groupingBy(AttentionAlert::getType, Collectors.counting())),
                "the clean input's alerts, raised and cleared");

        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.settings().producer("redelivery-producer"));
             CommittedOutputs out = new CommittedOutputs(kafka.settings(), "redelivery-reader");
             AggregatorService service = new AggregatorService(config, kafka.settings(), new PrometheusRegistry())) {
            service.start();
            for (PoseEvent e : delivered) {
                producer.send(new ProducerRecord<>(Topics.POSE_EVENTS.name(), key(e), e.toByteArray()));
            }
            producer.flush();
            assertTrue(out.await(() -> out.alerts().size() >= expectedAlerts.size()
                    && out.windows().size() >= expectedWindows.size(), WAIT), "committed " + out.alerts().size() + " of "
                    + expectedAlerts.size() + " alerts and " + out.windows().size() + " of " + expectedWindows.size() + " windows");
            Thread.sleep(1000); // a duplicate would have time to show up

            List<AttentionAlert> alerts = out.alerts();
            assertEquals(expectedAlerts, alerts, "every alert once, in the clean input's order");
            Map<String, List<AlertState>> byId = alerts.stream().collect(Collectors.groupingBy(AttentionAlert::getAlertId,
                    Collectors.mapping(AttentionAlert::getState, Collectors.toList())));
            byId.forEach((id, states) -> assertEquals(List.of(AlertState.RAISED, AlertState.CLEARED), states, id));
            assertEquals(BATCH, service.metrics().duplicateEvents("cam-1"));
            assertEquals(3, service.metrics().lateEvents("cam-1"));

            // Person and camera windows come from different tasks: their interleaving on the topic is not fixed.
            List<AttentionWindow> windows = out.windows().stream().sorted(WINDOW_ORDER).toList();
            List<AttentionWindow> wanted = expectedWindows.stream().sorted(WINDOW_ORDER).toList();
            assertEquals(wanted.size(), windows.size());
            for (int i = 0; i < windows.size(); i++) {
                AttentionWindow got = windows.get(i);
                AttentionWindow want = wanted.get(i);
                boolean lostOne = got.getScope() == WindowScope.WINDOW_SCOPE_CAMERA || got.getTrackId() == 3;
                long late = lostOne ? lateSamplesIn(base, got) : 0;
                assertEquals(want.toBuilder().clearSamples().clearAttendingSamples().clearAttendingShare().clearMeanYawDeg()
                                .clearStdYawDeg().build(),
                        got.toBuilder().clearSamples().clearAttendingSamples().clearAttendingShare().clearMeanYawDeg()
                                .clearStdYawDeg().build(), "window " + i);
                assertEquals(want.getSamples() - late, got.getSamples(), "window " + i + ": the late samples are left out");
            }
        }
    }

    /** How many of the three dropped (older) samples of person 3 fall into the window. */
    private static long lateSamplesIn(long base, AttentionWindow w) {
        long n = 0;
        for (long t : new long[] {2_000, 33_000, 47_000}) {
            n += base + t >= w.getWindowStartMs() && base + t < w.getWindowEndMs() ? 1 : 0;
        }
        return n;
    }

    /**
     * Four people, 60 s at 10 samples/s, then a last sample of each at 80 s that closes every window. Person 1 glances
     * away 2.5 s of every 5 s for 30 s (time-sharing); person 2 looks away 21-26 s and 40-45 s (two long
     * distractions); person 3 looks at the camera throughout; person 4 looks away 10-14 s.
     */
    private static List<PoseEvent> script(long base) {
        List<PoseEvent> events = new ArrayList<>();
        for (long t = 0; t < 60_000; t += 100) {
            events.add(pose(1, base + t, t < 30_000 && t % 5_000 < 2_500 ? -60 : 0));
            events.add(pose(2, base + t, (t >= 21_000 && t < 26_000) || (t >= 40_000 && t < 45_000) ? 70 : 0));
            events.add(pose(3, base + t, 0));
            events.add(pose(4, base + t, t >= 10_000 && t < 14_000 ? -70 : 0));
        }
        for (int track = 1; track <= 4; track++) {
            events.add(pose(track, base + 80_000, 0));
        }
        return events;
    }

    private static PoseEvent pose(long track, long captureMs, double yaw) {
        return AggregatorServiceIntegrationTest.pose(track, captureMs, yaw);
    }

    private static int indexOf(List<PoseEvent> events, long track, long captureMs) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).getTrackId() == track && events.get(i).getCaptureTimeMs() == captureMs) {
                return i;
            }
        }
        throw new IllegalArgumentException("no event of " + track + " at " + captureMs);
    }

    private static String key(PoseEvent e) {
        return e.getCameraId() + "/" + e.getTrackId();
    }
}
