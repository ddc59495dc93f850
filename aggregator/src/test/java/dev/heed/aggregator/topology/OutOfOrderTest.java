package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.proto.v1.AttentionWindow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events within the grace (2 s) are processed in event order, by the alert state machines too; older ones are
 * counted and dropped. The filter is off here, so that a single sample's effect is visible.
 */
class OutOfOrderTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final double AWAY = -60;
    private static final double ATTENDING = 0;

    @TempDir
    Path stateDir;
    private TopologyHarness h;

    private void start() {
        AggregatorConfig c = AggregatorConfig.defaults(stateDir);
        h = new TopologyHarness(c.withAttention(c.attention().unfiltered()));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /**
     * Away every 100 ms from T0 to T0 + 5000 except at T0 + 1500, where person 1 looks back; that sample is sent
     * after the one at T0 + 3500, optionally after person 2 has moved stream time 1 ms further.
     */
    private void awayRunWithOneLateGlance(boolean oneMsLater) {
        for (long t = 0; t <= 5000; t += 100) {
            if (t != 1500) {
                h.pose(1, T0 + t, AWAY);
            }
            if (t == 3500) {
                if (oneMsLater) {
                    h.pose(2, T0 + 3501, ATTENDING);
                }
                h.pose(1, T0 + 1500, ATTENDING);
            }
        }
        h.processUpTo(T0 + 5000);
    }

    @Test
    void aGlanceArrivingWithinTheGraceSplitsTheRunAsItDidInEventTime() {
        start();
        // Sent after T0 + 3500: stream time 3500, watermark 1500, the glance at 1500 is just in time.
        awayRunWithOneLateGlance(false);

        assertEquals(List.of("RAISED LONG_DISTRACTION @4600 from 1600"), TopologyHarness.describe(h.readAlerts(), T0),
                "in event order the run starts again at 1600");
        assertEquals(0, h.metrics.lateEvents("cam-1"));
    }

    @Test
    void aGlanceOneMillisecondPastTheGraceIsCountedAndDropped() {
        start();
        // Stream time 3501 when the glance arrives: watermark 1501 > 1500.
        awayRunWithOneLateGlance(true);

        assertEquals(List.of("RAISED LONG_DISTRACTION @3000 from 0"), TopologyHarness.describe(h.readAlerts(), T0),
                "without the dropped glance the run is unbroken");
        assertEquals(1, h.metrics.lateEvents("cam-1"));
        assertEquals(T0 + 5000, h.state(1).lastSeenMs());
    }

    @Test
    void reorderedSamplesLandInTheirWindowsInEventOrder() {
        start();
        long w0 = 1_700_000_040_000L;
        // Arrival order A W A W would count two away episodes; in event order it is A W W A: one.
        h.pose(1, w0, ATTENDING);
        h.pose(1, w0 + 1000, AWAY);
        h.pose(1, w0 + 3000, ATTENDING);
        h.pose(1, w0 + 2000, AWAY);
        // A sample of the window's last millisecond arriving after the next window's first ones.
        h.pose(1, w0 + 10_500, ATTENDING);
        h.pose(1, w0 + 9_999, AWAY);
        h.processUpTo(w0 + 60_000);

        List<AttentionWindow> tens = h.readPersonWindows().stream().filter(w -> w.getWindowSizeS() == 10).toList();
        assertEquals(w0, tens.get(0).getWindowStartMs());
        assertEquals(5, tens.get(0).getSamples());
        assertEquals(2, tens.get(0).getAttendingSamples());
        assertEquals(2, tens.get(0).getAwayEpisodes(), "A W W A W");
        assertEquals(1, tens.get(1).getSamples());
        assertEquals(0, h.metrics.lateEvents("cam-1"));
    }

    @Test
    void equalTimesKeepTheirArrivalOrder() {
        start();
        h.poses(1, T0, T0 + 2900, 100, AWAY);
        // Two samples at 3000: attending first, then away. In arrival order the run ends at 3000 and a new one starts.
        h.pose(1, T0 + 3000, ATTENDING);
        h.pose(1, T0 + 3000, AWAY);
        h.poses(1, T0 + 3100, T0 + 6000, 100, AWAY);
        h.processUpTo(T0 + 6000);

        assertEquals(List.of("RAISED LONG_DISTRACTION @6000 from 3000"), TopologyHarness.describe(h.readAlerts(), T0));
    }
}
