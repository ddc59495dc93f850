package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.proto.v1.AlertType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Absence: no sample for longer than 5 s (event time) makes a person absent, decided either by their next
 * sample or by the sweep once the watermark has passed; the optional alert; expiry after the idle timeout.
 */
class AbsenceTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path stateDir;
    private TopologyHarness h;

    private void start(boolean absentAlerts) {
        AggregatorConfig c = AggregatorConfig.defaults(stateDir).withTrackIdleTimeout(Duration.ofMinutes(1));
        h = new TopologyHarness(c.withAttention(c.attention().withAbsentAlerts(absentAlerts)));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void aGapOfExactlyTheThresholdIsNotAbsence() {
        start(true);
        h.pose(1, T0, 0);
        h.pose(1, T0 + 5000, 0);
        h.processUpTo(T0 + 5000);

        assertEquals(List.of(), h.readAlerts());
        assertEquals(AttentionState.ATTENDING, h.state(1).state());
        assertEquals(T0, h.state(1).sinceMs());
    }

    @Test
    void aGapOneMillisecondLongerIsAbsenceFromTheLastSampleRaisedAtTheThresholdAndClearedByTheNextSample() {
        start(true);
        h.pose(1, T0, 0);
        h.pose(1, T0 + 5001, -60);
        h.processUpTo(T0 + 5001);

        var alerts = h.readAlerts();
        assertEquals(List.of("RAISED ABSENT @5000 from 0", "CLEARED ABSENT @5001 from 0"), TopologyHarness.describe(alerts, T0));
        assertEquals("cam-1/1/ABSENT/" + T0, alerts.get(0).getAlertId());
        assertEquals(5000, alerts.get(0).getDurationMs());
        assertEquals(5001, alerts.get(1).getDurationMs());
        // Back without history: the plain cone decides at once, no dwell.
        assertEquals(AttentionState.AWAY, h.state(1).state());
        assertEquals(T0 + 5001, h.state(1).sinceMs());
        assertEquals(1, h.metrics.alertsRaised("cam-1", AlertType.ABSENT));
    }

    @Test
    void withoutFurtherSamplesTheSweepDecidesOnceTheWatermarkHasPassedTheThreshold() {
        start(true);
        h.pose(1, T0, 0);
        // A sweep runs (every second of stream time) at watermark T0 + 5000: a sample at exactly the threshold
        // could still come, so not yet.
        h.processUpTo(T0 + 5000);
        assertEquals(List.of(), h.readAlerts());
        assertEquals(AttentionState.ATTENDING, h.state(1).state());

        h.advanceTo(T0 + 8000); // watermark T0 + 6000, and the next sweep is due
        assertEquals(List.of("RAISED ABSENT @5000 from 0"), TopologyHarness.describe(h.readAlerts(), T0),
                "the alert's time is the threshold, not when the sweep noticed");
        assertEquals(AttentionState.ABSENT, h.state(1).state());
        assertEquals(T0, h.state(1).sinceMs());
    }

    @Test
    void absenceAlertsAreOffByDefaultButThePersonStillBecomesAbsent() {
        start(false);
        h.pose(1, T0, 0);
        h.processUpTo(T0 + 8000);
        assertEquals(List.of(), h.readAlerts());
        assertEquals(AttentionState.ABSENT, h.state(1).state());
    }

    @Test
    void afterTheIdleTimeoutAnAbsentPersonIsForgottenAndTheAlertCleared() {
        start(true);
        h.pose(1, T0, 0);
        h.processUpTo(T0 + 60_000);
        assertEquals(List.of("RAISED ABSENT @5000 from 0"), TopologyHarness.describe(h.readAlerts(), T0));
        assertEquals(AttentionState.ABSENT, h.state(1).state());
        assertEquals(1.0, h.metrics.personAttending("cam-1", 1), 1e-9, "the drill-down gauge has the person's last window");

        h.processUpTo(T0 + 62_000);
        assertEquals(List.of("CLEARED ABSENT @60000 from 0"), TopologyHarness.describe(h.readAlerts(), T0));
        assertNull(h.state(1));
        assertTrue(Double.isNaN(h.metrics.personAttending("cam-1", 1)), "a forgotten person's series is removed");
    }

    @Test
    void aSampleAfterTheExpiryFindsTheSameClearAsTheSweepWouldHave() {
        start(true);
        h.pose(1, T0, 0);
        // The next sample comes long after the idle timeout, before any sweep saw the expiry.
        h.pose(1, T0 + 70_000, 0);
        h.processUpTo(T0 + 70_000);
        assertEquals(List.of("RAISED ABSENT @5000 from 0", "CLEARED ABSENT @60000 from 0"),
                TopologyHarness.describe(h.readAlerts(), T0));
        assertEquals(T0 + 70_000, h.state(1).sinceMs(), "a new start");
    }
}
