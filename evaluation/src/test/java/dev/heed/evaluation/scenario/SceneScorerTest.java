package dev.heed.evaluation.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.evaluation.scenario.SceneScore.AlertTally;
import dev.heed.evaluation.scenario.SceneScore.PersonResult;
import dev.heed.evaluation.scenario.SceneTruth.AwayKind;
import dev.heed.evaluation.scenario.SceneTruth.Person;
import dev.heed.evaluation.scenario.SceneTruth.Seat;
import dev.heed.evaluation.scenario.SceneTruth.Span;
import dev.heed.evaluation.scenario.SceneTruth.State;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AlertType;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionPolicy;
import dev.heed.proto.v1.AttentionStateChange;
import dev.heed.proto.v1.PersonAttention;
import dev.heed.proto.v1.Visibility;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scoring on records made here, as the pipeline would publish them: two people, 20 s at 10 frames/s, ABSENT alerts
 * on. Ann (left seat) turns away from 2 s to 7 s; Bob (right seat) glances aside from 3 s to 4.5 s and leaves at 10 s.
 */
class SceneScorerTest {
    /** The capture time of clip time 0. */
    private static final long T0 = 1_700_000_000_000L;
    private static final SceneTruth SCENE = new SceneTruth("room", "", new SceneTruth.Clip(Path.of("c.mp4"), "c.mp4", 10, 640, 480, 20_000),
            AttentionPolicy.newBuilder().setAbsentAlerts(true).build(), List.of(
                    new Person("ann", new Seat(0, 0, 320, 480), List.of(new Span(State.ATTENDING, null, 0, 2_000),
                            new Span(State.AWAY, AwayKind.TURNED, 2_000, 7_000), new Span(State.ATTENDING, null, 7_000, 20_000))),
                    new Person("bob", new Seat(320, 0, 320, 480), List.of(new Span(State.ATTENDING, null, 0, 3_000),
                            new Span(State.AWAY, AwayKind.GLANCE, 3_000, 4_500), new Span(State.ATTENDING, null, 4_500, 10_000),
                            new Span(State.ABSENT, null, 10_000, 20_000)))));

    private final List<Observations.Sighting> sightings = new ArrayList<>();
    private final List<Observations.Frame> frames = new ArrayList<>();
    private final List<Observations.ReadAlert> alerts = new ArrayList<>();
    private final List<AttentionStateChange> states = new ArrayList<>();

    /** Five samples a second: ann as track 1 throughout, bob as track 2 to 6 s then as track 3 to 10 s, track 9 on the wall. */
    private void sightings() {
        for (int n = 0; n < 200; n += 2) {
            long ms = n * 100L;
            frames.add(new Observations.Frame(n, T0 + ms, 2));
            sightings.add(new Observations.Sighting(1, n, T0 + ms, 150, 200, Visibility.VISIBILITY_FACE));
            if (ms < 6_000) {
                sightings.add(new Observations.Sighting(2, n, T0 + ms, 480, 200, Visibility.VISIBILITY_FACE));
            } else if (ms < 10_000) {
                sightings.add(new Observations.Sighting(3, n, T0 + ms, 470, 210, Visibility.VISIBILITY_FACE));
            }
        }
        sightings.add(new Observations.Sighting(9, 40, T0 + 4_000, 700, 200, Visibility.VISIBILITY_FACE));
    }

    private void raise(AlertType type, long track, long clipMs) {
        AttentionAlert a = AttentionAlert.newBuilder().setAlertId("room/" + track + "/" + type + "/" + clipMs).setCameraId("room")
                .setTrackId(track).setType(type).setState(AlertState.RAISED).setEventTimeMs(T0 + clipMs).build();
        alerts.add(new Observations.ReadAlert(a, T0 + clipMs + 2_500));
        alerts.add(new Observations.ReadAlert(a.toBuilder().setState(AlertState.CLEARED).setEventTimeMs(T0 + clipMs + 500).build(),
                T0 + clipMs + 3_000));
    }

    private void state(long track, PersonAttention s, long sinceClipMs) {
        states.add(AttentionStateChange.newBuilder().setCameraId("room").setTrackId(track).setState(s).setSinceMs(T0 + sinceClipMs)
                .setEventTimeMs(T0 + sinceClipMs + 400).build());
    }

    private SceneScore score(boolean realtime) {
        return SceneScorer.score(SCENE, "room.json", new Observations(sightings, frames, alerts, states, 330, realtime,
                Map.of("crops_skipped_as_stale", 0L)));
    }

    @Test
    void alertsMatchTheirPersonsDueStretchesOnceEach() {
        sightings();
        raise(AlertType.LONG_DISTRACTION, 1, 5_100);   // ann: due at 5.0 s, 100 ms late
        raise(AlertType.LONG_DISTRACTION, 1, 6_500);   // ann again in the same stretch: a duplicate
        raise(AlertType.LONG_DISTRACTION, 2, 4_000);   // bob's glance: false
        raise(AlertType.ABSENT, 2, 11_000);            // bob's first track, lost at 6 s: not about his leaving
        raise(AlertType.ABSENT, 3, 14_800);            // bob left at 10 s: due at 15 s, 200 ms early
        raise(AlertType.ABSENT, 9, 9_000);             // a track in no seat
        SceneScore s = score(false);

        AlertTally ld = s.alerts().get(AlertType.LONG_DISTRACTION);
        assertEquals(1, ld.due());
        assertEquals(3, ld.raised(), "RAISED records only, not CLEARED ones");
        assertEquals(1, ld.matched());
        assertEquals(1.0, ld.recall());
        assertEquals(1 / 3.0, ld.precision(), 1e-9);
        assertEquals(List.of(100L), ld.delaysMs());
        assertTrue(ld.wallDelaysMs().isEmpty(), "no wall-clock delay for a run that was not in real time");

        AlertTally absent = s.alerts().get(AlertType.ABSENT);
        assertTrue(absent.enabled());
        assertEquals(1, absent.due());
        assertEquals(3, absent.raised());
        assertEquals(1, absent.matched());
        assertEquals(List.of(-200L), absent.delaysMs());
        assertEquals(0, s.alerts().get(AlertType.VISUAL_TIME_SHARING).due());

        PersonResult bob = s.people().get(1);
        assertEquals("away (glance)", bob.raised().get(0).truthThen());
        assertFalse(bob.raised().get(0).matched());
        assertEquals(1, s.unassignedAlerts().size());
        assertEquals(9, s.unassignedAlerts().get(0).trackId());
    }

    @Test
    void tracksBelongToTheSeatTheirFacesAreInAndExtraIdsAreSwitches() {
        sightings();
        SceneScore s = score(false);
        assertEquals(List.of(1L), s.people().get(0).trackIds());
        assertEquals(List.of(2L, 3L), s.people().get(1).trackIds());
        assertEquals(1, s.switches());
        assertEquals(4, s.tracks());
        assertEquals(1, s.unassignedTracks());
        assertEquals(2, s.presentAtStart());
        assertEquals(2, s.foundInFirstSecond());
        assertNull(s.agreement(), "no state records: no agreement figure rather than a made-up one");
    }

    @Test
    void aFaceFirstSeenAfterTheFirstSecondIsNotFoundInIt() {
        sightings();
        sightings.removeIf(x -> x.trackId() == 1 && x.captureTimeMs() < T0 + 1_000);
        SceneScore s = score(false);
        assertFalse(s.people().get(0).foundInFirstSecond());
        assertEquals(1, s.foundInFirstSecond());
    }

    @Test
    void stateAgreementIsTheShareOfTimeTheStatesMatchUpToTheHorizon() {
        sightings();
        state(1, PersonAttention.PERSON_ATTENTION_ATTENDING, 0);
        state(1, PersonAttention.PERSON_ATTENTION_AWAY, 2_200);
        state(1, PersonAttention.PERSON_ATTENTION_ATTENDING, 7_000);
        state(2, PersonAttention.PERSON_ATTENTION_ATTENDING, 0);
        state(2, PersonAttention.PERSON_ATTENTION_ABSENT, 5_800);
        state(3, PersonAttention.PERSON_ATTENTION_FACE_HIDDEN, 6_000);   // face hidden counts as away
        state(3, PersonAttention.PERSON_ATTENTION_ABSENT, 9_800);
        SceneScore s = score(false);
        // Scored to 18 s (20 s less the aggregator's 2 s grace). Ann: wrong only from 2.0 to 2.2 s.
        assertEquals(17.8 / 18, s.people().get(0).agreement().share(), 1e-9);
        assertEquals(4.8 / 5, s.people().get(0).agreement().share(State.AWAY), 1e-9);
        // Bob: wrong while glancing (3-4.5 s, said attending), between his tracks (5.8-6 s, said absent), from 6 to 9.8 s
        // (said away: face hidden), 9.8-10 s (said absent).
        assertEquals((18 - 1.5 - 0.2 - 3.8 - 0.2) / 18, s.people().get(1).agreement().share(), 1e-9);
        assertEquals(1.0, s.people().get(1).agreement().share(State.ABSENT), 1e-9);
        assertEquals(0.0, s.people().get(1).agreement().share(State.AWAY), 1e-9);
        assertEquals((17.8 + 12.3) / 36, s.agreement().share(), 1e-9);
    }

    @Test
    void inARealTimeRunTheWallClockDelayIsWhenTheAlertWasReadAfterTheDueInstant() {
        sightings();
        raise(AlertType.LONG_DISTRACTION, 1, 5_100);
        SceneScore s = score(true);
        assertEquals(List.of(100L), s.alerts().get(AlertType.LONG_DISTRACTION).delaysMs());
        assertEquals(List.of(2_600L), s.alerts().get(AlertType.LONG_DISTRACTION).wallDelaysMs());
    }

    @Test
    void clipTimeComesFromTheFramesNumbers() {
        sightings();
        frames.removeIf(f -> f.frameNumber() < 50);
        sightings.removeIf(x -> x.frameNumber() < 50);
        assertEquals(T0, SceneScorer.anchor(SCENE, new Observations(sightings, frames, alerts, states, 0, false, Map.of())));
    }
}
