package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.Visibility;
import dev.heed.proto.v1.WindowScope;
import dev.heed.topics.PersonKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker's observations beyond the face (PoseEvent.visibility): a hidden face counts as away (and is reported
 * FACE_HIDDEN), GONE makes the person absent at once, and every change of the reported state goes to
 * heed.attention-states.v1. Default settings (dwell 400 ms, long distraction 3 s), 10 samples/s.
 */
class VisibilityTest {
    private static final long T0 = 1_700_000_040_000L;
    private static final double AWAY = -60;
    private static final double ATTENDING = 0;

    @TempDir
    Path stateDir;
    private TopologyHarness h;

    private void start(boolean absentAlerts) {
        AggregatorConfig c = AggregatorConfig.defaults(stateDir).withWindowSizes(List.of(Duration.ofSeconds(10)));
        h = new TopologyHarness(c.withAttention(c.attention().withAbsentAlerts(absentAlerts)));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void aPersonWhoseFaceIsHiddenForTheThresholdGetsALongDistractionAtTheThreshold() {
        start(false);
        h.poses(1, T0, T0 + 900, 100, ATTENDING);
        // Hidden from 1000 on, with confidence 0: still a vote for away.
        h.hidden(1, T0 + 1000, T0 + 4500, 100);
        assertEquals(List.of("RAISED LONG_DISTRACTION @4000 from 1000"), TopologyHarness.describe(h.readAlerts(), T0));
        assertEquals(List.of("1: UNSPECIFIED>ATTENDING since 0 @0", "1: ATTENDING>FACE_HIDDEN since 1000 @1400"), h.readStates(T0),
                "confirmed after the dwell, dated back to the first hidden frame");
        assertEquals(AttentionState.FACE_HIDDEN, PersonView.of(new PersonKey("cam-1", 1), h.state(1)).state());
        assertEquals(T0 + 1000, PersonView.of(new PersonKey("cam-1", 1), h.state(1)).sinceMs());
    }

    @Test
    void aTurnedFaceThatBecomesHiddenAndVisibleAgainIsOneAwayRun() {
        start(false);
        h.poses(1, T0 - 1000, T0 - 100, 100, ATTENDING);
        h.poses(1, T0, T0 + 1400, 100, AWAY);
        h.hidden(1, T0 + 1500, T0 + 2400, 100);
        h.poses(1, T0 + 2500, T0 + 3500, 100, AWAY);
        h.poses(1, T0 + 3600, T0 + 4500, 100, ATTENDING);

        assertEquals(List.of("RAISED LONG_DISTRACTION @3000 from 0", "CLEARED LONG_DISTRACTION @3600 from 0"),
                TopologyHarness.describe(h.readAlerts(), T0), "the timer ran on through the hidden frames");
        assertEquals(List.of("1: UNSPECIFIED>ATTENDING since -1000 @-1000", "1: ATTENDING>AWAY since 0 @400",
                "1: AWAY>FACE_HIDDEN since 1500 @1900", "1: FACE_HIDDEN>AWAY since 2500 @2900", "1: AWAY>ATTENDING since 3600 @4000"),
                h.readStates(T0));
    }

    @Test
    void aDetectorMissingEveryOtherFrameOfATurnedFaceDoesNotMakeTheReportedStateFlap() {
        start(false);
        h.pose(1, T0 - 100, ATTENDING);
        for (long t = 0; t <= 4000; t += 100) {
            if (t % 200 == 0) {
                h.pose(1, T0 + t, AWAY);
            } else {
                h.hidden(1, T0 + t);
            }
        }
        assertEquals(List.of("1: UNSPECIFIED>ATTENDING since -100 @-100", "1: ATTENDING>AWAY since 0 @400"), h.readStates(T0));
        assertEquals(List.of("RAISED LONG_DISTRACTION @3000 from 0"), TopologyHarness.describe(h.readAlerts(), T0));
    }

    @Test
    void goneEndsTheAwayRunAndClearsTheAlertAtOnceAndRaisesNothing() {
        start(true);
        h.poses(1, T0 - 1000, T0 - 100, 100, ATTENDING);
        h.hidden(1, T0, T0 + 3500, 100);
        h.gone(1, T0 + 3600);
        assertEquals(List.of("RAISED LONG_DISTRACTION @3000 from 0", "CLEARED LONG_DISTRACTION @3600 from 0"),
                TopologyHarness.describe(h.readAlerts(), T0), "absent at once, but no ABSENT alert before the threshold");
        assertEquals("1: FACE_HIDDEN>ABSENT since 3600 @3600", h.readStates(T0).get(2));
        assertEquals(AttentionState.ABSENT, h.state(1).state());
        assertEquals(AwayIntervals.of(T0, T0 + 3500), h.state(1).closedAway(), "the run ended at its last away frame");
        // The ABSENT alert once the absence has lasted the threshold (5 s): dated then, decided by the sweep of the
        // second in which the camera's clock passes it.
        h.poses(3, T0 + 3700, T0 + 8500, 100, ATTENDING);
        assertTrue(h.readAlerts().isEmpty(), "not yet at 8500");
        h.poses(3, T0 + 8600, T0 + 9000, 100, ATTENDING);
        assertEquals(List.of("RAISED ABSENT @8600 from 3600"), TopologyHarness.describe(h.readAlerts(), T0));

        // A person gone before the threshold gets no long distraction.
        h.poses(2, T0, T0 + 1000, 100, AWAY);
        h.gone(2, T0 + 1100);
        h.processUpTo(T0 + 10_000);
        assertTrue(h.readAlerts().stream().noneMatch(a -> a.getTrackId() == 2 && a.getType() != dev.heed.proto.v1.AlertType.ABSENT),
                "no distraction alert for person 2");
        assertEquals(0, h.metrics.rejectedEvents("non_finite_angle"), "NaN angles are expected without a face");
    }

    @Test
    void hiddenSamplesCountInWindowsAsNeverAttendingAndOutsideTheAngleStatistics() {
        start(false);
        h.pose(1, T0, ATTENDING, 10, 2);
        h.pose(1, T0 + 1000, ATTENDING, 20, 4);
        h.hidden(1, T0 + 2000);
        h.hidden(1, T0 + 3000);
        h.pose(2, T0 + 500, AWAY, 0, 0);
        h.processUpTo(T0 + 10_000);
        List<AttentionWindow> out = h.windows.readValuesToList().stream().filter(w -> w.getCameraId().equals("cam-1")).toList();
        AttentionWindow p1 = out.stream().filter(w -> w.getTrackId() == 1 && w.getScope() == WindowScope.WINDOW_SCOPE_PERSON)
                .findFirst().orElseThrow();
        assertEquals(4, p1.getSamples());
        assertEquals(2, p1.getHiddenSamples());
        assertEquals(2, p1.getAttendingSamples(), "the state was still attending (within the dwell), but a hidden face is not");
        assertEquals(0, p1.getMeanYawDeg(), 1e-6);
        assertEquals(15, p1.getMeanPitchDeg(), 1e-6, "the angle statistics are over the two frames with a face");
        assertEquals(5, p1.getStdPitchDeg(), 1e-6);
        AttentionWindow camera = out.stream().filter(w -> w.getScope() == WindowScope.WINDOW_SCOPE_CAMERA).findFirst().orElseThrow();
        assertEquals(5, camera.getSamples());
        assertEquals(2, camera.getHiddenSamples());
        assertEquals(10, camera.getMeanPitchDeg(), 1e-6, "pooled over the three frames with a face");
        assertEquals(AWAY / 3, camera.getMeanYawDeg(), 1e-4);
    }

    @Test
    void theStreamsEndClosesEveryonesWindowsAndTheCamerasAtOnceAndForgetsThemWithoutAbsenceAlerts() {
        start(true);
        // 1 attending then away past the threshold; 2 attending; 3 left earlier (GONE). The file ends at 6000: ingest tells
        // track 1 only (the others may be on other partitions); everyone of the camera here ends with it.
        for (long t = 0; t <= 6000; t += 100) {
            h.pose(1, T0 + t, t < 2000 ? ATTENDING : AWAY);
            h.pose(2, T0 + t, ATTENDING);
            if (t <= 1000) {
                h.pose(3, T0 + t, ATTENDING);
            } else if (t == 1500) {
                h.gone(3, T0 + t);
            }
        }
        assertTrue(h.windows.readValuesToList().stream().noneMatch(w -> w.getCameraId().equals("cam-1")), "the windows are open");
        h.readAlerts();
        h.readStates(T0);

        h.streamEnded(1, T0 + 6000);
        assertEquals(List.of("CLEARED LONG_DISTRACTION @6000 from 2000"), TopologyHarness.describe(h.readAlerts(), T0));
        assertEquals(List.of("1: AWAY>ABSENT since 6000 @6000", "2: ATTENDING>ABSENT since 6000 @6000"), h.readStates(T0));
        List<AttentionWindow> out = h.windows.readValuesToList();
        assertEquals(List.of(1L, 2L, 3L), out.stream().filter(w -> w.getScope() == WindowScope.WINDOW_SCOPE_PERSON)
                .map(AttentionWindow::getTrackId).sorted().toList(), "each person's last window, without waiting: " + out);
        AttentionWindow camera = out.stream().filter(w -> w.getScope() == WindowScope.WINDOW_SCOPE_CAMERA).findFirst().orElseThrow();
        assertEquals(61 + 61 + 11, camera.getSamples(), "every sample of the camera is in its window");
        assertEquals(3, camera.getPeoplePresent());
        for (long track = 1; track <= 3; track++) {
            assertTrue(h.state(track).ended(), "forgotten: " + track);
        }

        // The others are told too: nobody is left to end. A redelivered sample is dropped; much later, no ABSENT alert.
        h.streamEnded(2, T0 + 6000);
        h.pose(2, T0 + 5000, ATTENDING);
        assertEquals(1, h.metrics.duplicateEvents("cam-1"));
        h.processUpTo(T0 + 20_000);
        assertTrue(h.readAlerts().stream().noneMatch(a -> a.getCameraId().equals("cam-1")), "no alert for people nobody watches");
        assertTrue(h.readStates(T0).isEmpty());
        assertTrue(h.windows.readValuesToList().stream().noneMatch(w -> w.getCameraId().equals("cam-1")), "nothing more to close");

        // A later stream of the camera whose ingest numbers tracks from 1 again: a new person under the same key.
        h.poses(1, T0 + 30_000, T0 + 31_000, 100, ATTENDING);
        assertEquals(List.of("1: UNSPECIFIED>ATTENDING since 30000 @30000"), h.readStates(T0));
        assertTrue(!h.state(1).ended());
    }

    @Test
    void absenceByTimeoutAndReturnAreStateChangesToo() {
        start(false);
        h.pose(1, T0, ATTENDING);
        h.processUpTo(T0 + 8_000);
        h.pose(1, T0 + 9_000, AWAY);
        assertEquals(List.of("1: UNSPECIFIED>ATTENDING since 0 @0", "1: ATTENDING>ABSENT since 0 @5000", "1: ABSENT>AWAY since 9000 @9000"),
                h.readStates(T0));
    }

    @Test
    void anUnknownVisibilityIsDeadLetteredNotGuessed() {
        start(false);
        h.send("cam-1/1", TopologyHarness.event("cam-1", 1, T0, 0, 0, 0).toBuilder().setVisibilityValue(7).build());
        assertEquals(1, h.metrics.rejectedEvents(PoseEventValidator.REASON_UNKNOWN_VISIBILITY));
        assertEquals(1, h.deadLetters.readValuesToList().size());
        // And a face without angles is still refused.
        h.send("cam-1/1", TopologyHarness.withoutFace(TopologyHarness.event("cam-1", 1, T0, 0, 0, 0), Visibility.VISIBILITY_FACE));
        assertEquals(1, h.metrics.rejectedEvents(PoseEventValidator.REASON_NON_FINITE_ANGLE));
    }
}
