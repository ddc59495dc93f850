package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionWindow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event-time rule: a person's samples are decided as they arrive. A sample not newer than the person's last
 * one is a duplicate (its capture time is among their recent ones: a redelivery) or late, and is counted and
 * dropped either way; so is one that would reopen a window the camera's clock has closed, or that comes after the
 * camera's clock made the person absent in its place. The filter is off here, so that a single sample's effect is
 * visible.
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

    @Test
    void aRedeliveredBatchIsCountedAsDuplicatesAndChangesNothing() {
        start();
        // Away from 0 to 5000; after the sample at 2000, inference restarts and delivers 1000..2000 again.
        for (long t = 0; t <= 5000; t += 100) {
            h.pose(1, T0 + t, AWAY);
            if (t == 2000) {
                h.poses(1, T0 + 1000, T0 + 2000, 100, AWAY);
            }
        }
        h.processUpTo(T0 + 10_000);

        assertEquals(List.of("RAISED LONG_DISTRACTION @3000 from 0"), TopologyHarness.describe(h.readAlerts(), T0));
        assertEquals(11, h.metrics.duplicateEvents("cam-1"));
        assertEquals(0, h.metrics.lateEvents("cam-1"));
        assertEquals(51, h.readPersonWindows().get(0).getSamples(), "each frame once");
    }

    @Test
    void aSampleOlderThanThePersonsLastIsLateAndDropped() {
        start();
        // Away every 100 ms from 0 to 5000 except at 1500, where the person looks back; that sample arrives after
        // the one at 3500. Decided on arrival, the run from 0 is unbroken: the late glance cannot undo the alert.
        for (long t = 0; t <= 5000; t += 100) {
            if (t != 1500) {
                h.pose(1, T0 + t, AWAY);
            }
            if (t == 3500) {
                h.pose(1, T0 + 1500, ATTENDING);
            }
        }
        h.processUpTo(T0 + 5000);

        assertEquals(List.of("RAISED LONG_DISTRACTION @3000 from 0"), TopologyHarness.describe(h.readAlerts(), T0));
        assertEquals(1, h.metrics.lateEvents("cam-1"));
        assertEquals(0, h.metrics.duplicateEvents("cam-1"));
        assertEquals(T0 + 5000, h.state(1).lastSeenMs());
    }

    @Test
    void twoSamplesOfOnePersonAtOneCaptureTimeAreOneFrameTwice() {
        start();
        h.poses(1, T0, T0 + 2900, 100, AWAY);
        // A track has one face per frame: a second sample at 3000 can only be the first one again.
        h.pose(1, T0 + 3000, ATTENDING);
        h.pose(1, T0 + 3000, AWAY);
        h.poses(1, T0 + 3100, T0 + 6100, 100, AWAY);
        h.processUpTo(T0 + 6100);

        assertEquals(List.of("RAISED LONG_DISTRACTION @6100 from 3100"), TopologyHarness.describe(h.readAlerts(), T0),
                "the first of the two counts: the run ends at 3000");
        assertEquals(1, h.metrics.duplicateEvents("cam-1"));
    }

    @Test
    void aRedeliveryOlderThanTheRememberedHistoryCanOnlyBeCountedAsLate() {
        start();
        h.poses(1, T0, T0 + 4000, 100, ATTENDING);
        h.pose(1, T0 + 4000 - RecentCaptureTimes.CAPACITY * 100L, ATTENDING);
        h.pose(1, T0 + 4100 - RecentCaptureTimes.CAPACITY * 100L, ATTENDING);
        assertEquals(1, h.metrics.lateEvents("cam-1"), "just before the history");
        assertEquals(1, h.metrics.duplicateEvents("cam-1"), "the oldest remembered");
    }

    @Test
    void outOfOrderSamplesAreNotReorderedIntoTheirWindow() {
        start();
        long w0 = 1_700_000_040_000L;
        // Arrival order A W A W: the last one is older than the one before it, so it is late.
        h.pose(1, w0, ATTENDING);
        h.pose(1, w0 + 1000, AWAY);
        h.pose(1, w0 + 3000, ATTENDING);
        h.pose(1, w0 + 2000, AWAY);
        h.pose(1, w0 + 10_500, ATTENDING);
        h.processUpTo(w0 + 60_000);

        List<AttentionWindow> tens = h.readPersonWindows().stream().filter(w -> w.getWindowSizeS() == 10).toList();
        assertEquals(w0, tens.get(0).getWindowStartMs());
        assertEquals(3, tens.get(0).getSamples());
        assertEquals(2, tens.get(0).getAttendingSamples());
        assertEquals(1, tens.get(0).getAwayEpisodes(), "A W A");
        assertEquals(1, tens.get(1).getSamples());
        assertEquals(1, h.metrics.lateEvents("cam-1"));
    }

    @Test
    void aSampleBehindItsCamerasClockAcrossAWindowEndIsLate() {
        start();
        long w0 = 1_700_000_040_000L;
        h.pose(1, w0 + 9_900, ATTENDING);
        // Person 2 of the same camera is past the window's end: every window of the camera up to it is closed.
        h.pose(2, w0 + 10_000, ATTENDING);
        List<AttentionWindow> closed = h.readPersonWindows();
        assertEquals(List.of(1L), closed.stream().filter(w -> w.getWindowSizeS() == 10).map(AttentionWindow::getTrackId).toList(),
                "person 1's window closed by person 2's sample");
        // Newer than person 1's last sample, but in a window that has been written: late.
        h.pose(1, w0 + 9_950, AWAY);
        assertEquals(1, h.metrics.lateEvents("cam-1"));
        assertEquals(w0 + 9_900, h.state(1).lastSeenMs());
    }

    @Test
    void aSampleComingAfterItsCameraMadeThePersonAbsentIsLate() {
        AggregatorConfig c = AggregatorConfig.defaults(stateDir);
        h = new TopologyHarness(c);
        h.pose(1, T0, ATTENDING);
        h.poses(2, T0, T0 + 6000, 500, ATTENDING);
        assertEquals(AttentionState.ABSENT, h.state(1).state(), "person 2's samples took the camera's clock past 5 s");
        h.pose(1, T0 + 4000, ATTENDING);
        assertEquals(1, h.metrics.lateEvents("cam-1"));
        assertEquals(AttentionState.ABSENT, h.state(1).state());
        // After the threshold it is a return.
        h.pose(1, T0 + 6100, ATTENDING);
        assertEquals(AttentionState.ATTENDING, h.state(1).state());
        assertEquals(T0 + 6100, h.state(1).sinceMs());
    }

    @Test
    void decidedAtIsTheSampleThatDecidedIt() {
        start();
        h.poses(1, T0, T0 + 3500, 100, AWAY);
        h.poses(1, T0 + 3600, T0 + 4000, 100, ATTENDING);
        List<AttentionAlert> alerts = h.readAlerts();
        assertEquals(List.of("RAISED LONG_DISTRACTION @3000 from 0", "CLEARED LONG_DISTRACTION @3600 from 0"),
                TopologyHarness.describe(alerts, T0));
        assertEquals(T0 + 3000, alerts.get(0).getDecidedAtMs());
        assertEquals(T0 + 3600, alerts.get(1).getDecidedAtMs(), "unfiltered, the first attending sample decides the return");
    }
}
