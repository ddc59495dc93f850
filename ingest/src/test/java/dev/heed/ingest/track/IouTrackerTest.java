package dev.heed.ingest.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heed.ingest.detect.Detection;
import dev.heed.ingest.geometry.Rect;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IouTrackerTest {
    private static Detection face(float x, float y) {
        return new Detection(new Rect(x, y, 100, 100), 0.9f, new float[10]);
    }

    private static List<Long> ids(List<TrackedFace> faces) {
        return faces.stream().map(TrackedFace::trackId).toList();
    }

    @Test
    void aFaceMovingALittleEachFrameKeepsItsIdStartingAt1() {
        IouTracker tracker = new IouTracker();
        for (int i = 0; i < 20; i++) {
            List<TrackedFace> out = tracker.update(List.of(face(100 + 10 * i, 50)), 200L * i);
            assertEquals(List.of(1L), ids(out), "frame " + i);
        }
        assertEquals(1, tracker.activeTracks());
    }

    @Test
    void twoPeopleKeepTheirOwnIdsWhateverTheOrderOfDetections() {
        IouTracker tracker = new IouTracker();
        assertEquals(List.of(1L, 2L), ids(tracker.update(List.of(face(0, 0), face(400, 0)), 0)));
        assertEquals(List.of(2L, 1L), ids(tracker.update(List.of(face(405, 5), face(5, 5)), 200)));
        assertEquals(2, tracker.activeTracks());
    }

    @Test
    void aJumpBeyondTheIouThresholdStartsANewTrackAndIdsAreNeverReused() {
        IouTracker tracker = new IouTracker();
        tracker.update(List.of(face(0, 0)), 0);
        // Shifted by 60 px: IoU = 40*100 / (20000 - 4000) = 0.25 < 0.3.
        assertEquals(List.of(2L), ids(tracker.update(List.of(face(60, 0)), 200)));
        // Shifted by 40 px from the last box: IoU = 60/140 = 0.43, stays with track 2.
        assertEquals(List.of(2L), ids(tracker.update(List.of(face(100, 0)), 400)));
    }

    @Test
    void theHighestIouPairIsMatchedFirst() {
        IouTracker tracker = new IouTracker();
        tracker.update(List.of(face(0, 0)), 0);
        // Both overlap track 1; the closer one (IoU 0.82) gets it even though it comes second.
        List<TrackedFace> out = tracker.update(List.of(face(30, 0), face(5, 5)), 200);
        assertEquals(List.of(2L, 1L), ids(out));
    }

    @Test
    void aTrackEndsOnlyAfterItsFaceIsUnseenForLongerThanTheTimeout() {
        IouTracker tracker = new IouTracker(0.3f, Duration.ofSeconds(1));
        tracker.update(List.of(face(0, 0)), 0);
        tracker.update(List.of(), 500);
        assertEquals(1, tracker.activeTracks());
        assertEquals(List.of(1L), ids(tracker.update(List.of(face(0, 0)), 1000)), "seen again within 1 s: same person");

        tracker.update(List.of(), 1600);
        tracker.update(List.of(), 2001);
        assertEquals(0, tracker.activeTracks(), "unseen for 1001 ms: track ended");
        List<TrackedFace> back = tracker.update(List.of(face(0, 0)), 2200);
        assertNotEquals(1L, back.get(0).trackId());
        assertEquals(2L, back.get(0).trackId());
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> new IouTracker(0f, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new IouTracker(0.3f, Duration.ZERO));
    }
}
