package dev.heed.ingest.track;

import dev.heed.ingest.detect.Detection;
import dev.heed.ingest.geometry.Rect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Greedy IoU tracker: each detection joins the live track whose last box overlaps it most (pairs taken in
 * order of decreasing IoU, each track and detection used once); the rest start new tracks. A track ends
 * once it has gone unseen for longer than {@code maxUnseen} of capture time. Track ids start at 1 and
 * only increase, so an id is never reused within the tracker's life.
 */
public final class IouTracker implements FaceTracker {
    public static final float DEFAULT_IOU_THRESHOLD = 0.3f;
    public static final Duration DEFAULT_MAX_UNSEEN = Duration.ofSeconds(1);

    private final float iouThreshold;
    private final long maxUnseenMs;
    private final List<Track> tracks = new ArrayList<>();
    private long nextId = 1;

    public IouTracker(float iouThreshold, Duration maxUnseen) {
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("tracker IoU threshold must be in (0, 1], got " + iouThreshold);
        }
        if (maxUnseen == null || maxUnseen.isNegative() || maxUnseen.isZero()) {
            throw new IllegalArgumentException("tracker max unseen time must be positive, got " + maxUnseen);
        }
        this.iouThreshold = iouThreshold;
        this.maxUnseenMs = maxUnseen.toMillis();
    }

    public IouTracker() {
        this(DEFAULT_IOU_THRESHOLD, DEFAULT_MAX_UNSEEN);
    }

    private static final class Track {
        final long id;
        Rect box;
        long lastSeenMs;

        Track(long id, Rect box, long lastSeenMs) {
            this.id = id;
            this.box = box;
            this.lastSeenMs = lastSeenMs;
        }
    }

    private record Pair(float iou, Track track, int detection) {
    }

    @Override
    public List<TrackedFace> update(List<Detection> detections, long captureTimeMs) {
        tracks.removeIf(t -> captureTimeMs - t.lastSeenMs > maxUnseenMs);

        List<Pair> pairs = new ArrayList<>();
        for (Track t : tracks) {
            for (int j = 0; j < detections.size(); j++) {
                float iou = t.box.iou(detections.get(j).box());
                if (iou >= iouThreshold) {
                    pairs.add(new Pair(iou, t, j));
                }
            }
        }
        // Ties go to the older track and the earlier detection, so results do not depend on hash order.
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed()
                .thenComparingLong(p -> p.track().id)
                .thenComparingInt(Pair::detection));

        long[] assigned = new long[detections.size()];
        List<Track> taken = new ArrayList<>();
        for (Pair p : pairs) {
            if (assigned[p.detection()] != 0 || taken.contains(p.track())) {
                continue;
            }
            assigned[p.detection()] = p.track().id;
            taken.add(p.track());
            p.track().box = detections.get(p.detection()).box();
            p.track().lastSeenMs = captureTimeMs;
        }

        List<TrackedFace> out = new ArrayList<>(detections.size());
        for (int j = 0; j < detections.size(); j++) {
            Detection d = detections.get(j);
            if (assigned[j] == 0) {
                Track t = new Track(nextId++, d.box(), captureTimeMs);
                tracks.add(t);
                assigned[j] = t.id;
            }
            out.add(new TrackedFace(assigned[j], d));
        }
        return out;
    }

    @Override
    public int activeTracks() {
        return tracks.size();
    }
}
