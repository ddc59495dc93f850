package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.aggregator.policy.AttentionSettings;
import dev.heed.proto.v1.AlertType;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hysteresis and dwell on the real clip (the pipeline's pose events for office-turns.mp4): the filtered state
 * follows the clip's ground-truth timeline (../shared/data/clips/office-turns.json), and with pose jitter the
 * unfiltered state flaps while the filtered one does not. The flapping figures are printed; FlappingReport
 * prints the whole table.
 */
class FlappingOnRealClipTest {
    private static final long T0 = 1_700_000_000_000L;
    /** Standing in for a live camera's frame-to-frame noise; see aggregator/README.md. */
    static final double JITTER_DEG = 8;

    @TempDir
    Path stateDir;

    @Test
    void theFilteredStateFollowsTheClipsTimeline() throws IOException {
        List<Long> truth = groundTruthSwitchesMs();
        ClipReplay.Result raw = ClipReplay.replay(ClipReplay.load(), AggregatorConfig.DEFAULT_SETTINGS, 0);
        assertEquals(truth.size(), raw.changes(), raw.switchTimesMs().toString());
        for (int i = 0; i < truth.size(); i++) {
            // The clip is 25 fps: a segment boundary falls between two frames at most 40 ms apart.
            assertTrue(Math.abs(raw.switchTimesMs().get(i) - truth.get(i)) <= 40,
                    "switch " + i + " at " + raw.switchTimesMs().get(i) + " ms, timeline says " + truth.get(i));
            assertEquals(i % 2 == 0 ? AttentionState.AWAY : AttentionState.ATTENDING, raw.states().get(i));
        }
    }

    @Test
    void withJitterTheUnfilteredStateFlapsAndTheFilteredOneDoesNot() throws IOException {
        List<Long> truth = groundTruthSwitchesMs();
        AttentionSettings filtered = AggregatorConfig.DEFAULT_SETTINGS;
        AttentionSettings unfiltered = filtered.unfiltered();
        double sumFiltered = 0;
        double sumUnfiltered = 0;
        int seeds = 20;
        for (long seed = 1; seed <= seeds; seed++) {
            List<ClipReplay.Row> rows = ClipReplay.jittered(ClipReplay.load(), JITTER_DEG, seed);
            ClipReplay.Result f = ClipReplay.replay(rows, filtered, 0);
            ClipReplay.Result u = ClipReplay.replay(rows, unfiltered, 0);
            assertEquals(truth.size(), f.changes(), "seed " + seed + ": " + f.switchTimesMs());
            for (int i = 0; i < truth.size(); i++) {
                // A noise spike during the dwell restarts the pending change: up to about one dwell late.
                assertTrue(Math.abs(f.switchTimesMs().get(i) - truth.get(i)) <= 500,
                        "seed " + seed + ", switch " + i + " at " + f.switchTimesMs().get(i) + " ms, timeline " + truth.get(i));
            }
            assertTrue(u.changes() > 2 * truth.size(), "seed " + seed + ": jitter should make the raw state flap, got "
                    + u.changes() + " changes");
            sumFiltered += f.perMinute();
            sumUnfiltered += u.perMinute();
        }
        System.out.printf("office-turns + %.0f deg jitter, mean of %d seeds: %.1f state changes/min unfiltered, %.1f filtered%n",
                JITTER_DEG, seeds, sumUnfiltered / seeds, sumFiltered / seeds);
    }

    @Test
    void throughTheWholeTopologyTheClipRaisesTheExpectedAlerts() throws IOException {
        String json = Files.readString(sharedClipJson());
        int expectedLong = intField(json, "long_distraction_alerts");
        int expectedSharing = intField(json, "time_sharing_alerts");
        List<Long> truth = groundTruthSwitchesMs();

        try (TopologyHarness h = new TopologyHarness(AggregatorConfig.defaults(stateDir))) {
            long frame = 0;
            for (ClipReplay.Row r : ClipReplay.load()) {
                h.send("office/1", PoseEvent.newBuilder().setSchemaVersion(Topics.SCHEMA_VERSION).setCameraId("office")
                        .setTrackId(1).setFrameNumber(frame++).setCaptureTimeMs(T0 + r.tMs()).setYawDeg((float) r.yaw())
                        .setPitchDeg((float) r.pitch()).setRollDeg((float) r.roll()).setYawConfidence((float) r.confidence())
                        .setPitchConfidence((float) r.confidence()).build());
            }
            h.processUpTo(T0 + 25_000);
            List<AttentionAlert> alerts = h.alerts.readValuesToList();
            List<AttentionAlert> longs = alerts.stream().filter(a -> a.getType() == AlertType.LONG_DISTRACTION).toList();
            assertEquals(2 * expectedLong, longs.size(), TopologyHarness.describe(alerts, T0).toString());
            assertEquals(expectedSharing, alerts.stream().filter(a -> a.getType() == AlertType.VISUAL_TIME_SHARING).count());
            for (int i = 0; i < expectedLong; i++) {
                AttentionAlert raised = longs.get(2 * i);
                AttentionAlert cleared = longs.get(2 * i + 1);
                assertEquals(raised.getAlertId(), cleared.getAlertId());
                assertTrue(Math.abs(raised.getStartedAtMs() - T0 - truth.get(2 * i)) <= 40, raised.toString());
                assertTrue(Math.abs(cleared.getEventTimeMs() - T0 - truth.get(2 * i + 1)) <= 40, cleared.toString());
            }
        }
    }

    static Path sharedClipJson() {
        return Path.of(System.getProperty("heed.shared", "../../shared"), "data", "clips", "office-turns.json");
    }

    /** The clip's away intervals as switch times: away at start, back at end, ... in ms. */
    static List<Long> groundTruthSwitchesMs() throws IOException {
        String json = Files.readString(sharedClipJson());
        int at = json.indexOf("\"away_intervals_s\"");
        String block = json.substring(at, json.indexOf("]\n  ]", at) + 1);
        Matcher m = Pattern.compile("-?\\d+(\\.\\d+)?").matcher(block.substring(block.indexOf('[')));
        List<Long> out = new ArrayList<>();
        while (m.find()) {
            out.add(Math.round(Double.parseDouble(m.group()) * 1000));
        }
        assertTrue(out.size() >= 2 && out.size() % 2 == 0, "away intervals in " + sharedClipJson() + ": " + out);
        return out;
    }

    private static int intField(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        assertTrue(m.find(), name);
        return Integer.parseInt(m.group(1));
    }
}
