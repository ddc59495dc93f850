package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AlertType;
import dev.heed.proto.v1.AttentionAlert;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VISUAL_TIME_SHARING under the defaults (10 s away in total within a sliding 30 s span), with 2 s glances,
 * each too short for a long distraction, at 10 samples/s.
 */
class TimeSharingTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final double AWAY = -60;
    private static final double ATTENDING = 0;

    @TempDir
    Path stateDir;
    private TopologyHarness h;

    @BeforeEach
    void start() {
        h = new TopologyHarness(AggregatorConfig.defaults(stateDir));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /** Person 1 looks away during each [start, end] (ms after T0, samples every 100 ms and at the end), attending otherwise. */
    private void glances(long until, long[]... runs) {
        long t = 0;
        for (long[] run : runs) {
            for (; t < run[0]; t += 100) {
                h.pose(1, T0 + t, ATTENDING);
            }
            for (t = run[0]; t < run[1]; t += 100) {
                h.pose(1, T0 + t, AWAY);
            }
            h.pose(1, T0 + run[1], AWAY);
            t = run[1] + 100;
        }
        for (; t <= until; t += 100) {
            h.pose(1, T0 + t, ATTENDING);
        }
        h.processUpTo(T0 + until);
    }

    @Test
    void fiveTwoSecondGlancesRaiseAtTheTenthSecondAwayAndClearAtTheExactMillisecondTheSpanDropsBelow() {
        glances(35_000, new long[] {0, 2000}, new long[] {5000, 7000}, new long[] {10_000, 12_000},
                new long[] {15_000, 17_000}, new long[] {20_000, 22_000});

        List<AttentionAlert> all = h.readAlerts();
        // Span [1, 30001] holds 1999 + 4 x 2000 = 9999 ms: the first instant below 10 s.
        assertEquals(List.of("RAISED VISUAL_TIME_SHARING @22000 from 0", "CLEARED VISUAL_TIME_SHARING @30001 from 0"),
                TopologyHarness.describe(all, T0));
        assertEquals(30_001, naiveFirstBelow(new long[][] {{0, 2000}, {5000, 7000}, {10_000, 12_000}, {15_000, 17_000},
                {20_000, 22_000}}, 22_000), "the oracle agrees");
        AttentionAlert raised = all.get(0);
        AttentionAlert cleared = all.get(1);
        assertEquals("cam-1/1/VISUAL_TIME_SHARING/" + T0, raised.getAlertId());
        assertEquals(raised.getAlertId(), cleared.getAlertId());
        assertEquals(10_000, raised.getAwayTotalMs());
        assertEquals(22_000, raised.getDurationMs());
        assertEquals(9_999, cleared.getAwayTotalMs());
        assertEquals(30_001, cleared.getDurationMs());
        assertEquals(1, h.metrics.alertsRaised("cam-1", AlertType.VISUAL_TIME_SHARING));
        assertEquals(0, h.metrics.alertsRaised("cam-1", AlertType.LONG_DISTRACTION));
    }

    @Test
    void awayFor9999msInTotalRaisesNothing() {
        glances(40_000, new long[] {0, 2000}, new long[] {5000, 7000}, new long[] {10_000, 12_000},
                new long[] {15_000, 17_000}, new long[] {20_000, 21_999});
        assertEquals(List.of(), h.readAlerts());
    }

    @Test
    void theSpanIsThirtySecondsToTheMillisecond() {
        // The fifth glance ends exactly 30 s after the first began: 10 s within [0, 30000].
        glances(45_000, new long[] {0, 2000}, new long[] {5000, 7000}, new long[] {10_000, 12_000},
                new long[] {15_000, 17_000}, new long[] {28_000, 30_000});
        assertEquals(List.of("RAISED VISUAL_TIME_SHARING @30000 from 0", "CLEARED VISUAL_TIME_SHARING @30001 from 0"),
                TopologyHarness.describe(h.readAlerts(), T0));
    }

    @Test
    void oneMillisecondLaterTheFirstGlanceNoLongerCountsWhole() {
        h.close();
        h = new TopologyHarness(AggregatorConfig.defaults(stateDir.resolve("b")));
        // Span [1, 30001]: 1999 + 3 x 2000 + 2000 = 9999 ms, and sliding on only trades one for the other.
        glances(45_000, new long[] {0, 2000}, new long[] {5000, 7000}, new long[] {10_000, 12_000},
                new long[] {15_000, 17_000}, new long[] {28_001, 30_001});
        assertEquals(List.of(), h.readAlerts());
    }

    @Test
    void glancingOnKeepsOneAlertAndALaterBurstRaisesANewOne() {
        long[][] burst1 = new long[12][];
        for (int i = 0; i < 12; i++) {
            burst1[i] = new long[] {i * 5000L, i * 5000L + 2000};
        }
        long[][] all = new long[17][];
        System.arraycopy(burst1, 0, all, 0, 12);
        for (int i = 0; i < 5; i++) {
            long s = 120_000 + i * 4000L;
            all[12 + i] = new long[] {s, s + 2000};
        }
        glances(180_000, all);

        List<AttentionAlert> alerts = h.readAlerts();
        assertEquals(4, alerts.size(), TopologyHarness.describe(alerts, T0).toString());
        assertEquals(List.of(AlertState.RAISED, AlertState.CLEARED, AlertState.RAISED, AlertState.CLEARED),
                alerts.stream().map(AttentionAlert::getState).toList());
        assertEquals(T0 + 22_000, alerts.get(0).getEventTimeMs());
        assertEquals(T0 + naiveFirstBelow(burst1, 57_000), alerts.get(1).getEventTimeMs());
        assertEquals(alerts.get(0).getAlertId(), alerts.get(1).getAlertId());
        assertEquals(alerts.get(2).getAlertId(), alerts.get(3).getAlertId());
        assertNotEquals(alerts.get(0).getAlertId(), alerts.get(2).getAlertId());
        assertEquals(T0 + 120_000, alerts.get(2).getStartedAtMs());
        assertEquals(T0 + 138_000, alerts.get(2).getEventTimeMs(), "2 s glances every 4 s: 10 s away at the fifth's end");
        assertEquals(T0 + naiveFirstBelow(java.util.Arrays.copyOfRange(all, 12, 17), 138_000), alerts.get(3).getEventTimeMs());
    }

    @Test
    void oneLongRunRaisesBothALongDistractionAndTimeSharing() {
        glances(45_000, new long[] {0, 10_000});
        assertEquals(List.of("RAISED LONG_DISTRACTION @3000 from 0", "RAISED VISUAL_TIME_SHARING @10000 from 0",
                "CLEARED LONG_DISTRACTION @10100 from 0", "CLEARED VISUAL_TIME_SHARING @30001 from 0"),
                TopologyHarness.describe(h.readAlerts(), T0));
    }

    /** The first ms t >= from at which less than 10 s of the runs lie within [t - 30000, t], by brute force. */
    static long naiveFirstBelow(long[][] runs, long from) {
        for (long t = from; ; t++) {
            long total = 0;
            for (long[] r : runs) {
                total += Math.max(0, Math.min(r[1], t) - Math.max(r[0], t - 30_000));
            }
            if (total < 10_000) {
                return t;
            }
        }
    }
}
