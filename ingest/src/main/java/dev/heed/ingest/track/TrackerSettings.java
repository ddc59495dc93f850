package dev.heed.ingest.track;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How a camera's tracker keeps and ends tracks, validated at start (messages name ingest's flags).
 *
 * @param maxUnseen         a track ends (GONE) after this much capture time with neither its face nor its head in place:
 *                          the time it takes to decide that a person left
 * @param maxHidden         a track whose head stays in place without its face is kept this long at most, then ends;
 *                          zero turns hidden tracks off (every track ends after maxUnseen without its face)
 * @param presenceMaxChange the share of the colour of the region around a missing face that may be new while the
 *                          head counts as in place ({@link HeadRegionPresence}), (0, 1)
 */
public record TrackerSettings(Duration maxUnseen, Duration maxHidden, double presenceMaxChange) {
    public static final TrackerSettings DEFAULT = new TrackerSettings(KalmanIouTracker.DEFAULT_MAX_UNSEEN, KalmanIouTracker.DEFAULT_MAX_HIDDEN,
            HeadRegionPresence.DEFAULT_MAX_CHANGE);

    public TrackerSettings {
        if (maxUnseen == null || maxUnseen.toMillis() < 1) {
            throw new IllegalArgumentException("--track-timeout-ms must be >= 1, got " + (maxUnseen == null ? null : maxUnseen.toMillis()));
        }
        if (maxHidden == null || maxHidden.isNegative() || (!maxHidden.isZero() && maxHidden.compareTo(maxUnseen) < 0)) {
            throw new IllegalArgumentException("--hidden-track-timeout-ms must be 0 (off) or at least --track-timeout-ms ("
                    + maxUnseen.toMillis() + "), got " + (maxHidden == null ? null : maxHidden.toMillis()));
        }
        if (!(presenceMaxChange > 0 && presenceMaxChange < 1)) {
            throw new IllegalArgumentException("--presence-max-change must be > 0 and < 1, got " + presenceMaxChange);
        }
    }

    /** Whether a track may be kept while its face is hidden. */
    public boolean hiddenTracks() {
        return !maxHidden.isZero();
    }

    /** A tracker for one camera; {@code nextId} is shared by the trackers of that camera over its life. */
    public KalmanIouTracker tracker(LongSupplier nextId) {
        if (!hiddenTracks()) {
            return new KalmanIouTracker(KalmanIouTracker.DEFAULT_IOU_THRESHOLD, maxUnseen, nextId);
        }
        return new KalmanIouTracker(KalmanIouTracker.DEFAULT_IOU_THRESHOLD, maxUnseen, maxHidden, new HeadRegionPresence(presenceMaxChange),
                nextId);
    }
}
