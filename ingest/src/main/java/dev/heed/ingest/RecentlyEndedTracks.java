package dev.heed.ingest;

import dev.heed.ingest.track.TrackedFrame;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    private final LinkedHashMap<Long, Entry> byId = new LinkedHashMap<>();

    /** The tracks that ended with the frame captured at captureTimeMs. */
    void add(List<TrackedFrame.Ended> ended, long captureTimeMs) {
        for (TrackedFrame.Ended e : ended) {
            byId.remove(e.trackId());
            byId.put(e.trackId(), new Entry(e, captureTimeMs));
        }
        prune(captureTimeMs);
    }

    /** Those that ended within {@link #MAX_AGE_MS} before nowMs (at most {@link #MAX_TRACKS}), oldest first. */
    List<TrackedFrame.Ended> since(long nowMs) {
        prune(nowMs);
        List<TrackedFrame.Ended> out = new ArrayList<>(byId.size());
        byId.values().forEach(e -> out.add(e.track()));
        return out;
    }

    private void prune(long nowMs) {
        Iterator<Map.Entry<Long, Entry>> it = byId.entrySet().iterator();
        while (it.hasNext()) {
            Entry e = it.next().getValue();
            if (byId.size() > MAX_TRACKS || nowMs - e.endedAtMs() > MAX_AGE_MS) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
