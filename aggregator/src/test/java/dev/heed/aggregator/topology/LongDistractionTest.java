package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AlertType;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.topics.Topics;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LONG_DISTRACTION under the default settings (3 s, hysteresis 5 degrees, dwell 400 ms), 10 samples/s. */
class LongDistractionTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final double AWAY = -60;
    private static final double ATTENDING = 0;
    /** Inside the 30 degree cone but outside the inner cone (25): neither turns away nor back. */
    private static final double BAND = 33;

    @TempDir
    Path stateDir;
    private TopologyHarness h;

    private TopologyHarness harness(AggregatorConfig config) {
        h = new TopologyHarness(config);
        return h;
    }

    private TopologyHarness harness() {
        return harness(AggregatorConfig.defaults(stateDir));
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aFirstSampleWithoutAConfidenceIsJudgedByTheCone() {
        // Estimators such as 3ddfa have no confidence (NaN): that is not "unsure", so a person who appears
        // looking away is away from their first sample, and the 3 s count from there.
        harness();
        for (long t = T0; t <= T0 + 3000; t += 100) {
            h.poses.pipeInput("cam-1/1", TopologyHarness.event("cam-1", 1, t, AWAY, 0, 0).toBuilder()
                    .setYawConfidence(Float.NaN).setPitchConfidence(Float.NaN).build(), t);
        }
        List<AttentionAlert> raised = h.readAlerts();
        assertEquals(1, raised.size(), "raised at 3000 ms after the first (away) sample");
        assertEquals(T0, raised.get(0).getStartedAtMs());
    }

    @Test
    void awayFor2999msRaisesNothing() {
        harness();
        h.poses(1, T0 - 1000, T0 - 100, 100, ATTENDING);
        h.poses(1, T0, T0 + 2900, 100, AWAY);
        h.pose(1, T0 + 2999, AWAY);
        h.poses(1, T0 + 3100, T0 + 4000, 100, ATTENDING);
        h.processUpTo(T0 + 4000);

        assertEquals(List.of(), h.readAlerts());
        assertEquals(0, h.metrics.alertsRaised("cam-1", AlertType.LONG_DISTRACTION));
        assertEquals(AttentionState.ATTENDING, h.state(1).state());
        assertEquals(T0 + 3100, h.state(1).sinceMs(), "the return is dated to its first sample");
    }

    @Test
    void awayFor3000msRaisesOnceAtThatSampleAndTheConfirmedReturnClearsWithTheSameId() {
        harness();
        h.poses(1, T0 - 1000, T0 - 100, 100, ATTENDING);
        h.poses(1, T0, T0 + 2900, 100, AWAY);
        assertEquals(List.of(), h.readAlerts());
        // Decided on arrival: the sample that completes the 3 s raises it, with nothing else to wait for.
        h.pose(1, T0 + 3000, AWAY);

        List<AttentionAlert> raised = h.readAlerts();
        assertEquals(1, raised.size());
        AttentionAlert r = raised.get(0);
        assertEquals("cam-1/1/LONG_DISTRACTION/" + T0, r.getAlertId());
        assertEquals(Topics.SCHEMA_VERSION, r.getSchemaVersion());
        assertEquals("cam-1", r.getCameraId());
        assertEquals(1, r.getTrackId());
        assertEquals(AlertType.LONG_DISTRACTION, r.getType());
        assertEquals(AlertState.RAISED, r.getState());
        assertEquals(T0 + 3000, r.getEventTimeMs());
        assertEquals(T0, r.getStartedAtMs(), "the run is dated to its first away sample, not to the dwell's end");
        assertEquals(3000, r.getDurationMs());
        assertEquals("default", r.getPolicyId());
        assertEquals(T0 + 3000, r.getDecidedAtMs());
        assertEquals(1, h.metrics.alertsRaised("cam-1", AlertType.LONG_DISTRACTION));
        assertEquals(1, h.metrics.alertsEmitted(AlertType.LONG_DISTRACTION), "its delay was measured");

        // Staying away does not raise again.
        h.poses(1, T0 + 3100, T0 + 6300, 100, AWAY);
        h.poses(1, T0 + 6400, T0 + 8000, 100, ATTENDING);
        h.processUpTo(T0 + 8000);
        var cleared = h.alerts.readKeyValuesToList();
        assertEquals(1, cleared.size(), cleared.toString());
        assertEquals("cam-1/1", cleared.get(0).key);
        AttentionAlert c = cleared.get(0).value;
        assertEquals(r.getAlertId(), c.getAlertId());
        assertEquals(AlertState.CLEARED, c.getState());
        assertEquals(T0 + 6400, c.getEventTimeMs(), "cleared at the first sample of the confirmed return");
        assertEquals(T0 + 6800, c.getDecidedAtMs(), "decided by the sample that confirmed it, 400 ms on");
        assertEquals(T0, c.getStartedAtMs());
        assertEquals(6400, c.getDurationMs());
        assertEquals(1, h.metrics.alertsRaised("cam-1", AlertType.LONG_DISTRACTION));
    }

    @Test
    void aGlanceBackShorterThanTheDwellDoesNotEndTheRunButWithoutTheFilterItDoes() {
        for (boolean filtered : new boolean[] {true, false}) {
            AggregatorConfig config = AggregatorConfig.defaults(stateDir.resolve(filtered ? "f" : "u"));
            harness(filtered ? config : config.withAttention(config.attention().unfiltered()));
            h.poses(1, T0, T0 + 2000, 100, AWAY);
            h.poses(1, T0 + 2100, T0 + 2300, 100, ATTENDING); // 300 ms < 400 ms dwell
            h.poses(1, T0 + 2400, T0 + 3500, 100, AWAY);
            h.poses(1, T0 + 3600, T0 + 5000, 100, ATTENDING);
            h.processUpTo(T0 + 5000);
            List<String> got = TopologyHarness.describe(h.readAlerts(), T0);
            if (filtered) {
                assertEquals(List.of("RAISED LONG_DISTRACTION @3000 from 0", "CLEARED LONG_DISTRACTION @3600 from 0"), got);
            } else {
                assertEquals(List.of(), got, "unfiltered, the glance splits the run into 2000 ms and 1100 ms");
            }
            h.close();
            h = null;
        }
    }

    @Test
    void theHysteresisBandKeepsTheCurrentStateEitherWay() {
        harness();
        // Away, then inside the 30 degree cone but not the inner 25 degree one: still away.
        h.poses(1, T0, T0 + 1000, 100, AWAY);
        h.poses(1, T0 + 1100, T0 + 3000, 100, BAND);
        // Attending, then the same band: still attending.
        h.poses(2, T0, T0 + 1000, 100, ATTENDING);
        h.poses(2, T0 + 1100, T0 + 5000, 100, BAND);
        h.processUpTo(T0 + 5000);

        assertEquals(List.of("RAISED LONG_DISTRACTION @3000 from 0"), TopologyHarness.describe(h.readAlerts(), T0));
        assertEquals(AttentionState.AWAY, h.state(1).state());
        assertEquals(AttentionState.ATTENDING, h.state(2).state());
    }

    @Test
    void twoAwayEpisodesRaiseTwoAlertsWithDifferentIds() {
        harness();
        h.poses(1, T0, T0 + 3000, 100, AWAY);
        h.poses(1, T0 + 3100, T0 + 4900, 100, ATTENDING);
        h.poses(1, T0 + 5000, T0 + 9000, 100, AWAY);
        h.poses(1, T0 + 9100, T0 + 10_000, 100, ATTENDING);
        h.processUpTo(T0 + 10_000);

        List<AttentionAlert> all = h.readAlerts();
        assertEquals(List.of("RAISED LONG_DISTRACTION @3000 from 0", "CLEARED LONG_DISTRACTION @3100 from 0",
                "RAISED LONG_DISTRACTION @8000 from 5000", "CLEARED LONG_DISTRACTION @9100 from 5000"),
                TopologyHarness.describe(all, T0));
        assertEquals(all.get(0).getAlertId(), all.get(1).getAlertId());
        assertEquals(all.get(2).getAlertId(), all.get(3).getAlertId());
        assertNotEquals(all.get(0).getAlertId(), all.get(2).getAlertId());
        assertEquals(4100, all.get(3).getDurationMs());
    }

    @Test
    void personsAreTrackedSeparately() {
        harness();
        h.poses(1, T0, T0 + 3000, 100, AWAY);
        h.poses(2, T0 + 1000, T0 + 3500, 100, AWAY);
        h.processUpTo(T0 + 3500);

        var all = h.alerts.readKeyValuesToList();
        assertEquals(1, all.size());
        assertEquals("cam-1/1", all.get(0).key);
    }

    @Test
    void aPersonWhoDisappearsWhileAwayHasTheAlertClearedAtTheLastSample() {
        harness();
        h.poses(1, T0, T0 + 4000, 100, AWAY);
        // Nothing more from person 1; the absence threshold (5 s) passes in stream time.
        h.processUpTo(T0 + 9001);

        assertEquals(List.of("RAISED LONG_DISTRACTION @3000 from 0", "CLEARED LONG_DISTRACTION @4000 from 0"),
                TopologyHarness.describe(h.readAlerts(), T0));
        assertEquals(AttentionState.ABSENT, h.state(1).state());
        assertTrue(h.alerts.isEmpty());
    }
}
