package dev.heed.ingest.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.detect.Detection;
import dev.heed.ingest.geometry.Rect;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KalmanIouTrackerTest {
    private static final long STEP_MS = 200; // 5 sampled frames per second

    private static Detection face(double x, double y, double size) {
        return new Detection(new Rect((float) x, (float) y, (float) size, (float) size), 0.9f, new float[10]);
    }

    private static List<Long> ids(List<TrackedFace> faces) {
        return faces.stream().map(TrackedFace::trackId).toList();
    }

    @Test
    void aStillFaceWithDetectorJitterKeepsIdOne() {
        KalmanIouTracker tracker = new KalmanIouTracker();
        Random jitter = new Random(7);
        for (int i = 0; i < 100; i++) {
            double dx = jitter.nextGaussian() * 5;
            double dy = jitter.nextGaussian() * 5;
            double ds = jitter.nextGaussian() * 5;
            assertEquals(List.of(1L), ids(tracker.update(List.of(face(300 + dx, 200 + dy, 100 + ds)), STEP_MS * i)), "frame " + i);
        }
        assertEquals(1, tracker.activeTracks());
    }

    @Test
    void theStreamsEndEndsEveryLiveTrackAndNewFacesGetNewIds() {
        KalmanIouTracker tracker = new KalmanIouTracker();
        tracker.update(List.of(face(100, 100, 80), face(400, 100, 80)), 0);
        TrackedFrame end = tracker.endAll();
        assertEquals(List.of(1L, 2L), end.ended().stream().map(TrackedFrame.Ended::trackId).toList());
        assertEquals(List.of(TrackedFrame.EndReason.STREAM_ENDED, TrackedFrame.EndReason.STREAM_ENDED),
                end.ended().stream().map(TrackedFrame.Ended::reason).toList());
        assertEquals(0, tracker.activeTracks());
        assertEquals(List.of(3L), ids(tracker.update(List.of(face(100, 100, 80)), STEP_MS)), "a face after the end is someone new");
    }

    /**
     * A face that speeds up to 70 px per frame: consecutive boxes then overlap by IoU 0.18, below the threshold,
     * so matching on last boxes would split it into several tracks. The velocity the filter has learnt keeps
     * the predicted box on the face.
     */
    @Test
    void aFaceThatSpeedsUpKeepsItsIdWhereLastBoxOverlapWouldLoseIt() {
        KalmanIouTracker tracker = new KalmanIouTracker();
        double x = 0;
        double speed = 10;
        double previousX = Double.NaN;
        int framesBeyondPlainIou = 0;
        for (int i = 0; i < 25; i++) {
            if (!Double.isNaN(previousX) && face(previousX, 100, 100).box().iou(face(x, 100, 100).box()) < KalmanIouTracker.DEFAULT_IOU_THRESHOLD) {
                framesBeyondPlainIou++;
            }
            assertEquals(List.of(1L), ids(tracker.update(List.of(face(x, 100, 100)), STEP_MS * i)), "frame " + i + " at x " + x);
            previousX = x;
            speed = Math.min(70, speed + 5);
            x += speed;
        }
        assertTrue(framesBeyondPlainIou >= 10, "the test must outrun plain IoU matching: " + framesBeyondPlainIou);
    }

    /**
     * A face already moving 110 px per sample when first seen (a person crossing the picture) and one that turns
     * back at that speed: the new track does not know its velocity and the turning one's lags, so the predicted
     * boxes miss the faces entirely; the centre-distance stage keeps the ids.
     */
    @Test
    void aFaceFirstSeenMovingFasterThanItsWidthPerSampleOrTurningBackKeepsItsId() {
        KalmanIouTracker tracker = new KalmanIouTracker();
        double x = 0;
        for (int i = 0; i < 8; i++) {
            assertEquals(List.of(1L), ids(tracker.update(List.of(face(x, 100, 75)), STEP_MS * i)), "frame " + i + " at x " + x);
            x += 110;
        }
        for (int i = 8; i < 16; i++) {
            x -= 110;
            assertEquals(List.of(1L), ids(tracker.update(List.of(face(x, 100, 75)), STEP_MS * i)), "back, frame " + i + " at x " + x);
        }
        assertEquals(1, tracker.activeTracks());
    }

    @Test
    void aDetectionFartherThanTheDistanceGateOrOfAnotherSizeIsSomeoneElse() {
        KalmanIouTracker tracker = new KalmanIouTracker();
        tracker.update(List.of(face(100, 100, 80)), 0);
        double gate = KalmanIouTracker.MAX_CENTRE_DISTANCE_PER_SIZE * 80;
        assertEquals(List.of(2L), ids(tracker.update(List.of(face(100 + gate + 10, 100, 80)), STEP_MS)), "beyond the gate");
        assertEquals(List.of(3L), ids(tracker.update(List.of(face(100, 100, 200)), 2 * STEP_MS)), "a face 2.5x larger at the same place");
    }

    /**
     * The boxes YuNet gave in the classroom scene for a student who turns away and back: the profile box is 0.65x the
     * frontal one and 29 px to the side, so neither IoU nor the plain size gate matches the return; in place, it does.
     */
    @Test
    void aHeadTurningAwayAndBackInPlaceKeepsItsIdThoughItsBoxShrinksAndGrows() {
        KalmanIouTracker tracker = new KalmanIouTracker();
        Detection frontal = new Detection(new Rect(264.5f, 627.5f, 69, 95), 0.91f, new float[10]);
        Detection profile = new Detection(new Rect(246.5f, 641, 41, 62), 0.78f, new float[10]);
        assertTrue(frontal.box().iou(profile.box()) < KalmanIouTracker.DEFAULT_IOU_THRESHOLD, "no overlap to go by");
        int i = 0;
        for (; i < 5; i++) {
            assertEquals(List.of(1L), ids(tracker.update(List.of(frontal), STEP_MS * i)), "frontal, frame " + i);
        }
        for (; i < 30; i++) {
            assertEquals(List.of(1L), ids(tracker.update(List.of(profile), STEP_MS * i)), "turned, frame " + i);
        }
        assertEquals(List.of(1L), ids(tracker.update(List.of(frontal), STEP_MS * i)), "back");
        // The same change of size a face away is somebody else.
        Detection aside = new Detection(new Rect(264.5f + 95, 627.5f, 69, 95), 0.91f, new float[10]);
        assertEquals(List.of(1L, 2L), ids(tracker.update(List.of(profile, aside), STEP_MS * (i + 1))));
    }

    @Test
    void aMovingFaceMissedForThreeFramesIsFoundAgainWhereItsMotionLeadsNotWhereItWasLastSeen() {
        KalmanIouTracker tracker = new KalmanIouTracker();
        int i = 0;
        for (; i < 10; i++) {
            tracker.update(List.of(face(100 + 30 * i, 100, 100)), STEP_MS * i);
        }
        Rect lastSeen = face(100 + 30 * (i - 1), 100, 100).box();
        for (; i < 13; i++) {
            tracker.update(List.of(), STEP_MS * i); // occluded for 600 ms
        }
        Detection back = face(100 + 30 * i, 100, 100);
        assertTrue(back.box().iou(lastSeen) < KalmanIouTracker.DEFAULT_IOU_THRESHOLD, "reappears beyond the last box's reach");
        assertEquals(List.of(1L), ids(tracker.update(List.of(back), STEP_MS * i)));
        assertEquals(1, tracker.activeTracks());
    }

    @Test
    void twoPeopleKeepTheirOwnIdsWhateverTheOrderOfDetections() {
        KalmanIouTracker tracker = new KalmanIouTracker();
        assertEquals(List.of(1L, 2L), ids(tracker.update(List.of(face(0, 0, 100), face(400, 0, 100)), 0)));
        assertEquals(List.of(2L, 1L), ids(tracker.update(List.of(face(405, 5, 100), face(5, 5, 100)), STEP_MS)));
        assertEquals(List.of(1L, 2L), ids(tracker.update(List.of(face(2, 3, 100), face(398, 1, 100)), 2 * STEP_MS)));
        assertEquals(2, tracker.activeTracks());
    }

    @Test
    void theClosestDetectionWinsATrackThatTwoOverlap() {
        KalmanIouTracker tracker = new KalmanIouTracker();
        tracker.update(List.of(face(0, 0, 100)), 0);
        // Both overlap track 1; the closer one gets it even though it comes second.
        assertEquals(List.of(2L, 1L), ids(tracker.update(List.of(face(30, 0, 100), face(5, 5, 100)), STEP_MS)));
    }

    @Test
    void aTrackEndsOnlyAfterItsFaceIsUnseenForLongerThanTheTimeoutAndIdsAreNeverReused() {
        KalmanIouTracker tracker = new KalmanIouTracker(Duration.ofSeconds(1));
        tracker.update(List.of(face(0, 0, 100)), 0);
        tracker.update(List.of(), 500);
        assertEquals(1, tracker.activeTracks());
        assertEquals(List.of(1L), ids(tracker.update(List.of(face(0, 0, 100)), 1000)), "seen again within 1 s: same person");

        tracker.update(List.of(), 1600);
        tracker.update(List.of(), 2001);
        assertEquals(0, tracker.activeTracks(), "unseen for 1001 ms: track ended");
        List<TrackedFace> back = tracker.update(List.of(face(0, 0, 100)), 2200);
        assertNotEquals(1L, back.get(0).trackId());
        assertEquals(2L, back.get(0).trackId());
    }

    @Test
    void trackersSharingAnIdSourceNeverHandOutTheSameId() {
        AtomicLong ids = new AtomicLong(1);
        KalmanIouTracker before = new KalmanIouTracker(0.3f, Duration.ofSeconds(1), ids::getAndIncrement);
        before.update(List.of(face(0, 0, 100), face(300, 0, 100)), 0);
        // The camera's worker is replaced (its configuration changed): the new tracker continues the sequence.
        KalmanIouTracker after = new KalmanIouTracker(0.3f, Duration.ofSeconds(1), ids::getAndIncrement);
        assertEquals(List.of(3L), ids(after.update(List.of(face(0, 0, 100)), 0)));
    }

    @Test
    void publishesTheDetectorsOwnBoxes() {
        KalmanIouTracker tracker = new KalmanIouTracker();
        tracker.update(List.of(face(0, 0, 100)), 0);
        Detection d = face(8, 3, 104);
        assertEquals(d, tracker.update(List.of(d), STEP_MS).get(0).detection());
    }

    /** A presence judge the test controls: whether a missing face's head is in place, and what it was asked. */
    private static final class ScriptedPresence implements HeadPresence {
        boolean inPlace = true;
        final List<Long> seen = new java.util.ArrayList<>();
        final List<Rect> askedAbout = new java.util.ArrayList<>();
        final List<Long> forgotten = new java.util.ArrayList<>();

        @Override
        public void faceSeen(long trackId, BgrImage frame, Rect faceBox) {
            seen.add(trackId);
        }

        @Override
        public boolean headInPlace(long trackId, BgrImage frame, Rect lastFaceBox) {
            askedAbout.add(lastFaceBox);
            return inPlace;
        }

        @Override
        public void forget(long trackId) {
            forgotten.add(trackId);
        }
    }

    private static final BgrImage FRAME = new BgrImage(4, 4, new byte[48]);

    private static KalmanIouTracker hiding(HeadPresence presence) {
        return new KalmanIouTracker(KalmanIouTracker.DEFAULT_IOU_THRESHOLD, Duration.ofSeconds(1), Duration.ofSeconds(15), presence,
                new AtomicLong(1)::getAndIncrement);
    }

    private static List<Long> hiddenIds(TrackedFrame f) {
        return f.hidden().stream().map(TrackedFrame.Hidden::trackId).toList();
    }

    @Test
    void aPersonWhoTurnsAwayForTenSecondsKeepsTheIdAsAHiddenTrackAndGetsItBackWhenTheFaceReturns() {
        ScriptedPresence presence = new ScriptedPresence();
        KalmanIouTracker tracker = hiding(presence);
        long t = 0;
        for (int i = 0; i < 5; i++, t += STEP_MS) {
            assertEquals(List.of(1L), ids(tracker.update(List.of(face(300, 200, 55)), FRAME, t).faces()));
        }
        Rect last = face(300, 200, 55).box();
        for (; t < 5 * STEP_MS + 10_000; t += STEP_MS) {
            TrackedFrame f = tracker.update(List.of(), FRAME, t);
            assertEquals(List.of(1L), hiddenIds(f), "hidden at " + t);
            assertEquals(last, f.hidden().get(0).headBox(), "held where the face was last seen");
            assertTrue(f.ended().isEmpty());
            assertEquals(1, tracker.activeTracks());
            assertEquals(1, tracker.hiddenTracks());
        }
        assertEquals(last, presence.askedAbout.get(0), "asked about the last face box");
        TrackedFrame back = tracker.update(List.of(face(303, 198, 56)), FRAME, t);
        assertEquals(List.of(1L), ids(back.faces()), "the face returns to its id");
        assertTrue(back.hidden().isEmpty());
        assertEquals(0, tracker.hiddenTracks());
    }

    @Test
    void aPersonWhoLeavesEndsOnceWithAGoneRecordAfterTheTrackTimeoutAndNoHiddenRecords() {
        ScriptedPresence presence = new ScriptedPresence();
        KalmanIouTracker tracker = hiding(presence);
        for (int i = 0; i < 5; i++) {
            tracker.update(List.of(face(300, 200, 55)), FRAME, STEP_MS * i);
        }
        presence.inPlace = false; // the seat is empty from the next frame on
        List<TrackedFrame.Ended> ended = new java.util.ArrayList<>();
        long endedAt = -1;
        for (int i = 5; i < 20; i++) {
            TrackedFrame f = tracker.update(List.of(), FRAME, STEP_MS * i);
            assertTrue(f.hidden().isEmpty(), "an empty seat is never hidden");
            if (!f.ended().isEmpty() && endedAt < 0) {
                endedAt = STEP_MS * i;
            }
            ended.addAll(f.ended());
        }
        assertEquals(List.of(new TrackedFrame.Ended(1, face(300, 200, 55).box(), TrackedFrame.EndReason.HEAD_GONE)), ended);
        assertEquals(4 * STEP_MS + 1200, endedAt, "the first sample more than 1 s after the face was last seen");
        assertEquals(List.of(1L), presence.forgotten);
        assertEquals(0, tracker.activeTracks());
        assertEquals(List.of(2L), ids(tracker.update(List.of(face(300, 200, 55)), FRAME, 20 * STEP_MS).faces()), "someone new");
    }

    @Test
    void aPersonHiddenForAWhileWhoThenLeavesEndsOneTrackTimeoutAfterTheHeadWasLastInPlace() {
        ScriptedPresence presence = new ScriptedPresence();
        KalmanIouTracker tracker = hiding(presence);
        for (int i = 0; i < 5; i++) {
            tracker.update(List.of(face(300, 200, 55)), FRAME, STEP_MS * i);
        }
        int hidden = 0;
        long t = 5 * STEP_MS;
        for (; t <= 4000; t += STEP_MS) {
            hidden += tracker.update(List.of(), FRAME, t).hidden().size();
        }
        presence.inPlace = false;
        long lastInPlace = t - STEP_MS;
        while (tracker.update(List.of(), FRAME, t).ended().isEmpty()) {
            t += STEP_MS;
        }
        assertEquals(16, hidden);
        assertEquals(lastInPlace + 1200, t);
    }

    @Test
    void aHiddenTrackEndsAfterTheHiddenTimeoutEvenIfTheHeadSeemsInPlace() {
        KalmanIouTracker tracker = hiding(new ScriptedPresence());
        for (int i = 0; i < 5; i++) {
            tracker.update(List.of(face(300, 200, 55)), FRAME, STEP_MS * i);
        }
        long t = 5 * STEP_MS;
        TrackedFrame f;
        do {
            f = tracker.update(List.of(), FRAME, t);
            t += STEP_MS;
        } while (f.ended().isEmpty());
        assertEquals(TrackedFrame.EndReason.HIDDEN_TOO_LONG, f.ended().get(0).reason());
        assertEquals(4 * STEP_MS + 15_200, t - STEP_MS, "the first sample more than 15 s after the last sighting");
    }

    @Test
    void aStrayDetectionIsNeverHiddenItEndsAfterTheTrackTimeout() {
        KalmanIouTracker tracker = hiding(new ScriptedPresence());
        tracker.update(List.of(face(300, 200, 55)), FRAME, 0);
        tracker.update(List.of(face(300, 200, 55)), FRAME, STEP_MS);
        for (int i = 2; i <= 7; i++) {
            TrackedFrame f = tracker.update(List.of(), FRAME, STEP_MS * i);
            assertTrue(f.hidden().isEmpty(), "seen twice: not yet a person in place");
            assertEquals(i == 7, !f.ended().isEmpty(), "sample " + i + ": ends more than 1 s after the last sighting");
        }
    }

    /**
     * A face moving at 200 px/s goes hidden: its prediction stops 1 s after the last sighting, so 5 s later it is held
     * 200 px on, not 1000 px on where a neighbour's face is; that face starts its own track.
     */
    @Test
    void aHiddenTrackIsHeldInPlaceAndDoesNotDriftOntoANeighbour() {
        KalmanIouTracker tracker = hiding(new ScriptedPresence());
        for (int i = 0; i < 10; i++) {
            tracker.update(List.of(face(100 + 40 * i, 200, 80)), FRAME, STEP_MS * i);
        }
        long t = 10 * STEP_MS;
        for (; t < 10 * STEP_MS + 5000; t += STEP_MS) {
            tracker.update(List.of(), FRAME, t);
        }
        double farAlong = 100 + 40 * 9 + 200.0 * 5;
        assertEquals(List.of(2L), ids(tracker.update(List.of(face(farAlong, 200, 80)), FRAME, t).faces()), "a neighbour, not the hidden person");
        assertEquals(List.of(1L, 2L), ids(tracker.update(List.of(face(100 + 40 * 9 + 30, 200, 80), face(farAlong, 200, 80)), FRAME, t + STEP_MS)
                .faces()), "the hidden person's face comes back near where it was held");
    }

    @Test
    void peopleSideBySideKeepTheirIdsWhileOneOfThemIsHidden() {
        KalmanIouTracker tracker = hiding(new ScriptedPresence());
        List<Detection> row = List.of(face(100, 200, 55), face(200, 200, 55), face(300, 200, 55));
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of(1L, 2L, 3L), ids(tracker.update(row, FRAME, STEP_MS * i).faces()));
        }
        for (int i = 5; i < 60; i++) {
            TrackedFrame f = tracker.update(List.of(face(101, 201, 55), face(299, 199, 55)), FRAME, STEP_MS * i);
            assertEquals(List.of(1L, 3L), ids(f.faces()));
            assertEquals(List.of(2L), hiddenIds(f));
        }
        assertEquals(List.of(1L, 2L, 3L), ids(tracker.update(row, FRAME, STEP_MS * 60).faces()));
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> new KalmanIouTracker(0f, Duration.ofSeconds(1), () -> 1));
        assertThrows(IllegalArgumentException.class, () -> new KalmanIouTracker(0.3f, Duration.ZERO, () -> 1));
        assertThrows(IllegalArgumentException.class,
                () -> new KalmanIouTracker(0.3f, Duration.ofSeconds(2), Duration.ofSeconds(1), HeadPresence.NONE, () -> 1));
    }
}
