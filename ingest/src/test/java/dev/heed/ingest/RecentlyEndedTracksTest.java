package dev.heed.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heed.ingest.geometry.Rect;
import dev.heed.ingest.track.TrackedFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentlyEndedTracksTest {
    private static TrackedFrame.Ended ended(long id) {
        return new TrackedFrame.Ended(id, new Rect(0, 0, 10, 10), TrackedFrame.EndReason.HEAD_GONE);
    }

    private static List<Long> ids(List<TrackedFrame.Ended> e) {
        return e.stream().map(TrackedFrame.Ended::trackId).toList();
    }

    @Test
    void keepsTheTracksEndedWithinTheAgeOldestFirst() {
        RecentlyEndedTracks recent = new RecentlyEndedTracks();
        recent.add(List.of(ended(1)), 0);
        recent.add(List.of(ended(2), ended(3)), 60_000);
        assertEquals(List.of(1L, 2L, 3L), ids(recent.since(RecentlyEndedTracks.MAX_AGE_MS)));
        assertEquals(List.of(2L, 3L), ids(recent.since(RecentlyEndedTracks.MAX_AGE_MS + 1)), "track 1 is too old");
        assertEquals(List.of(), ids(recent.since(60_000 + RecentlyEndedTracks.MAX_AGE_MS + 1)));
    }

    @Test
    void isBoundedInCount() {
        RecentlyEndedTracks recent = new RecentlyEndedTracks();
        List<TrackedFrame.Ended> many = new ArrayList<>();
        for (long id = 1; id <= RecentlyEndedTracks.MAX_TRACKS + 10; id++) {
            many.add(ended(id));
        }
        recent.add(many, 0);
        List<Long> kept = ids(recent.since(0));
        assertEquals(RecentlyEndedTracks.MAX_TRACKS, kept.size());
        assertEquals(11L, kept.get(0), "the oldest go first");
    }
}
