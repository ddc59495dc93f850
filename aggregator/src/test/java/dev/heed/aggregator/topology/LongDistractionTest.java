package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AlertType;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.topics.Topics;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LongDistractionTest {
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

    @Test
    void awayFor2999msRaisesNothing() {
        h.pose(1, T0 - 200, ATTENDING);
        h.pose(1, T0, AWAY);
        h.pose(1, T0 + 1500, AWAY);
        h.pose(1, T0 + 2999, AWAY);
        h.pose(1, T0 + 3200, ATTENDING);

        assertTrue(h.alerts.isEmpty());
        assertEquals(0, h.metrics.alertsRaised("cam-1", AlertType.LONG_DISTRACTION));
    }

    @Test
    void awayFor3000msRaisesExactlyOnceAndAttendingClearsWithSameIdAndTotalDuration() {
        h.pose(1, T0 - 200, ATTENDING);
        h.pose(1, T0, AWAY);
        h.pose(1, T0 + 2999, AWAY);
        h.pose(1, T0 + 3000, AWAY);

        List<AttentionAlert> raised = h.alerts.readValuesToList();
        assertEquals(1, raised.size());
        AttentionAlert r = raised.get(0);
        assertEquals("cam-1/1/LONG_DISTRACTION/" + T0, r.getAlertId());
        assertEquals(Topics.SCHEMA_VERSION, r.getSchemaVersion());
        assertEquals("cam-1", r.getCameraId());
        assertEquals(1, r.getTrackId());
        assertEquals(AlertType.LONG_DISTRACTION, r.getType());
        assertEquals(AlertState.RAISED, r.getState());
        assertEquals(T0 + 3000, r.getEventTimeMs());
        assertEquals(T0, r.getStartedAtMs());
        assertEquals(3000, r.getDurationMs());
        assertEquals("default", r.getPolicyId());

        // Staying away does not raise again.
        for (long t = T0 + 3200; t <= T0 + 6000; t += 200) {
            h.pose(1, t, AWAY);
        }
        assertTrue(h.alerts.isEmpty());

        h.pose(1, T0 + 6400, ATTENDING);
        h.pose(1, T0 + 6600, ATTENDING);
        var cleared = h.alerts.readKeyValuesToList();
        assertEquals(1, cleared.size());
        assertEquals("cam-1/1", cleared.get(0).key);
        AttentionAlert c = cleared.get(0).value;
        assertEquals(r.getAlertId(), c.getAlertId());
        assertEquals(AlertState.CLEARED, c.getState());
        assertEquals(T0 + 6400, c.getEventTimeMs());
        assertEquals(T0, c.getStartedAtMs());
        assertEquals(6400, c.getDurationMs());
        assertEquals(1, h.metrics.alertsRaised("cam-1", AlertType.LONG_DISTRACTION));
    }

    @Test
    void twoAwayEpisodesRaiseTwoAlertsWithDifferentIds() {
        h.pose(1, T0, AWAY);
        h.pose(1, T0 + 3000, AWAY);
        h.pose(1, T0 + 3400, ATTENDING);
        h.pose(1, T0 + 5000, AWAY);
        h.pose(1, T0 + 9000, AWAY);
        h.pose(1, T0 + 9200, ATTENDING);

        List<AttentionAlert> all = h.alerts.readValuesToList();
        assertEquals(List.of(AlertState.RAISED, AlertState.CLEARED, AlertState.RAISED, AlertState.CLEARED),
                all.stream().map(AttentionAlert::getState).toList());
        assertEquals("cam-1/1/LONG_DISTRACTION/" + T0, all.get(0).getAlertId());
        assertEquals(all.get(0).getAlertId(), all.get(1).getAlertId());
        assertEquals("cam-1/1/LONG_DISTRACTION/" + (T0 + 5000), all.get(2).getAlertId());
        assertEquals(all.get(2).getAlertId(), all.get(3).getAlertId());
        assertNotEquals(all.get(0).getAlertId(), all.get(2).getAlertId());
        assertEquals(4000, all.get(2).getDurationMs());
        assertEquals(4200, all.get(3).getDurationMs());
    }

    @Test
    void personsAreTrackedSeparately() {
        h.pose(1, T0, AWAY);
        h.pose(2, T0 + 1000, AWAY);
        h.pose(1, T0 + 3000, AWAY);
        h.pose(2, T0 + 3500, AWAY);

        var all = h.alerts.readKeyValuesToList();
        assertEquals(1, all.size());
        assertEquals("cam-1/1", all.get(0).key);
    }

    @Test
    void anEventOlderThanThePersonsLastIsIgnoredAndCounted() {
        h.pose(1, T0, AWAY);
        h.pose(1, T0 + 2000, AWAY);
        // Out of order; if it were applied, the attending sample would end the away run.
        h.pose(1, T0 + 1000, ATTENDING);
        h.pose(1, T0 + 3000, AWAY);

        List<AttentionAlert> all = h.alerts.readValuesToList();
        assertEquals(1, all.size());
        assertEquals(T0, all.get(0).getStartedAtMs());
        assertEquals(1, h.metrics.lateEvents("cam-1"));
    }

    @Test
    void aSampleAtTheSameTimeAsTheLastIsNotLate() {
        h.pose(1, T0, AWAY);
        h.pose(1, T0 + 3000, ATTENDING);
        h.pose(1, T0 + 3000, AWAY);

        assertEquals(0, h.metrics.lateEvents("cam-1"));
        assertTrue(h.alerts.isEmpty());
    }

    @Test
    void anIdlePersonsStateIsDroppedAndAnOpenAlertCleared() {
        h.pose(1, T0, AWAY);
        h.pose(1, T0 + 3000, AWAY);
        assertEquals(AlertState.RAISED, h.alerts.readValue().getState());

        // Another person moves stream time past person 1's last sample plus the idle timeout (5 min).
        long later = T0 + 3000 + AggregatorConfig.DEFAULT_TRACK_IDLE_TIMEOUT.toMillis() + 60_000;
        h.pose(2, later, ATTENDING);

        AttentionAlert cleared = h.alerts.readValue();
        assertEquals(AlertState.CLEARED, cleared.getState());
        assertEquals("cam-1/1/LONG_DISTRACTION/" + T0, cleared.getAlertId());
        assertEquals(T0 + 3000, cleared.getEventTimeMs());
        assertEquals(3000, cleared.getDurationMs());
        KeyValueStore<String, DistractionState> store = h.driver.getKeyValueStore(LongDistractionProcessor.STORE);
        assertNull(store.get("cam-1/1"));
        assertEquals(later, store.get("cam-1/2").lastEventMs());
        assertTrue(h.alerts.isEmpty());
    }
}
