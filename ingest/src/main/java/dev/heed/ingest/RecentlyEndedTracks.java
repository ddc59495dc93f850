package dev.heed.ingest;

import dev.heed.ingest.track.TrackedFrame;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A camera's tracks that ended recently, so that the stream's end can be told to them as well as to the live ones.
 * The aggregator holds a person's state on the partition of their key for a while after their GONE record, and a
 * stream-end record that reaches a partition ends every person of the camera there; a camera whose people all left
 * before its file ended, or whose live tracks all hash to other partitions, would otherwise keep its last windows open.
 * Bounded by age (capture time) and count; oldest first.
 */
final class RecentlyEndedTracks {
    /** Longer than the aggregator's default idle timeout (5 min), after which it forgets a person anyway. */
    static final long MAX_AGE_MS = 10 * 60_000;
    static final int MAX_TRACKS = 1024;

    private record Entry(TrackedFrame.Ended track, long endedAtMs) {
    }

    /** Oldest first: a track ends once, and frames come in capture order. */
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    /** The tracks that ended with the frame captured at captureTimeMs. */
    void add(List<TrackedFrame.Ended> ended, long captureTimeMs) {
        for (TrackedFrame.Ended e : ended) {
            entries.addLast(new Entry(e, captureTimeMs));
        }
        prune(captureTimeMs);
    }

    /** Those that ended within {@link #MAX_AGE_MS} before nowMs (at most {@link #MAX_TRACKS}), oldest first. */
    List<TrackedFrame.Ended> since(long nowMs) {
        prune(nowMs);
        return entries.stream().map(Entry::track).toList();
    }

    private void prune(long nowMs) {
        while (!entries.isEmpty() && (entries.size() > MAX_TRACKS || nowMs - entries.peekFirst().endedAtMs() > MAX_AGE_MS)) {
            entries.removeFirst();
        }
    }
}
