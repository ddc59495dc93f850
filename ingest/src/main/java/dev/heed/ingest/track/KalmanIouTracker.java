package dev.heed.ingest.track;

import dev.heed.ingest.detect.Detection;
import dev.heed.ingest.geometry.Rect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A SORT-style tracker: each track predicts where its face will be with constant-velocity Kalman filters on
 * the box centre (and slowly varying filters on its width and height), and each frame's detections are
 * matched to the predicted boxes by IoU, best pairs first. Prediction carries a track through short misses
 * and moving faces; a track ends once its face has been unseen for longer than {@code maxUnseen} of capture
 * time. Noise scales with the face's size, so a face close to the camera and one far away behave alike.
 *
 * <p>Matching is greedy by decreasing IoU rather than SORT's Hungarian assignment: faces rarely overlap, and
 * then both give the same pairs. Published boxes stay the detector's own (the crop policy is defined on
 * detector boxes); the filters only decide who is who.
 *
 * <p>A second stage gives the tracks and detections the IoU stage left over a chance by centre distance: a
 * detection of about the track's size whose centre lies within {@value #MAX_CENTRE_DISTANCE_PER_SIZE} face sizes of
 * the track's predicted or last seen centre, nearest first. Ingest samples about 5 frames a second, so a face
 * crossing the picture moves more than its own width between samples: a new track does not know its velocity yet,
 * and at a turn the filter's velocity lags, and in both cases the boxes no longer overlap. (Measured on a real
 * clip of two people swinging 700 px every 4 s: IoU alone broke one of them into 10 tracks; see
 * IngestEndToEndTest.) The price: a new face appearing next to where a face just vanished may take over its id.
 */
public final class KalmanIouTracker implements FaceTracker {
    public static final float DEFAULT_IOU_THRESHOLD = 0.3f;
    public static final Duration DEFAULT_MAX_UNSEEN = Duration.ofSeconds(1);

    /** Measurement noise: a detector box wobbles by about 5 % of the face size from frame to frame. */
    private static final double MEASUREMENT_STD_PER_SIZE = 0.05;
    /** Random acceleration of the centre, in face sizes per second squared (a head moving in a room). */
    private static final double ACCELERATION_STD_PER_SIZE = 2.0;
    /** Random acceleration of width and height, in face sizes per second squared: sizes change slowly. */
    private static final double SIZE_ACCELERATION_STD_PER_SIZE = 0.2;
    /** Velocity of a new track is unknown: about one face size per second. */
    private static final double INITIAL_VELOCITY_STD_PER_SIZE = 1.0;
    /** Second stage: how far, in face sizes, a detection may lie from a track that overlaps nothing. */
    static final double MAX_CENTRE_DISTANCE_PER_SIZE = 1.5;
    /** Second stage: a detection this much larger or smaller than the track's face is someone else. */
    private static final double MAX_SIZE_RATIO = 1.5;

    private final float iouThreshold;
    private final long maxUnseenMs;
    private final LongSupplier nextId;
    private final List<Track> tracks = new ArrayList<>();

    /**
     * @param iouThreshold minimum IoU between a track's predicted box and a detection to match them, (0, 1]
     * @param maxUnseen    a track ends after this much capture time without its face
     * @param nextId       source of new track ids; shared across the trackers one camera has over its life, so
     *                     that an id is never reused for that camera
     */
    public KalmanIouTracker(float iouThreshold, Duration maxUnseen, LongSupplier nextId) {
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("tracker IoU threshold must be in (0, 1], got " + iouThreshold);
        }
        if (maxUnseen == null || maxUnseen.isNegative() || maxUnseen.isZero()) {
            throw new IllegalArgumentException("tracker max unseen time must be positive, got " + maxUnseen);
        }
        this.iouThreshold = iouThreshold;
        this.maxUnseenMs = maxUnseen.toMillis();
        this.nextId = nextId;
    }

    /** Track ids from 1, defaults otherwise. */
    public KalmanIouTracker(Duration maxUnseen) {
        this(DEFAULT_IOU_THRESHOLD, maxUnseen, new AtomicLong(1)::getAndIncrement);
    }

    public KalmanIouTracker() {
        this(DEFAULT_MAX_UNSEEN);
    }

    private static final class Track {
        final long id;
        final ConstantVelocityFilter cx;
        final ConstantVelocityFilter cy;
        final ConstantVelocityFilter width;
        final ConstantVelocityFilter height;
        long lastSeenMs;
        long predictedToMs;
        Rect lastBox;

        Track(long id, Rect box, long nowMs) {
            this.id = id;
            this.lastBox = box;
            double size = size(box);
            double pos = sq(MEASUREMENT_STD_PER_SIZE * size);
            double vel = sq(INITIAL_VELOCITY_STD_PER_SIZE * size);
            cx = new ConstantVelocityFilter(box.centreX(), pos, vel);
            cy = new ConstantVelocityFilter(box.centreY(), pos, vel);
            // Width and height: no drift velocity to start with, and none learnt quickly (see predict()).
            width = new ConstantVelocityFilter(box.width(), pos, 0);
            height = new ConstantVelocityFilter(box.height(), pos, 0);
            lastSeenMs = nowMs;
            predictedToMs = nowMs;
        }

        void predict(long nowMs) {
            double dt = (nowMs - predictedToMs) / 1000.0;
            if (dt <= 0) {
                return;
            }
            double size = Math.max(width.position(), height.position());
            double acc = sq(ACCELERATION_STD_PER_SIZE * size);
            cx.predict(dt, acc);
            cy.predict(dt, acc);
            // Ten times less acceleration noise than the centre: a face coming closer is followed, but its growth
            // is not extrapolated wildly across a miss.
            double sizeAcc = sq(SIZE_ACCELERATION_STD_PER_SIZE * size);
            width.predict(dt, sizeAcc);
            height.predict(dt, sizeAcc);
            predictedToMs = nowMs;
        }

        Rect predictedBox() {
            float w = (float) Math.max(1, width.position());
            float h = (float) Math.max(1, height.position());
            return new Rect((float) cx.position() - w / 2, (float) cy.position() - h / 2, w, h);
        }

        void correct(Rect box, long nowMs) {
            double r = sq(MEASUREMENT_STD_PER_SIZE * size(box));
            cx.update(box.centreX(), r);
            cy.update(box.centreY(), r);
            width.update(box.width(), r);
            height.update(box.height(), r);
            lastSeenMs = nowMs;
            lastBox = box;
        }

        /**
         * Centre distance to the box in face sizes, from the predicted or the last seen centre, whichever is
         * nearer; infinite for a box of another size.
         */
        double distanceInSizes(Rect box) {
            double ratio = size(box) / size(lastBox);
            if (ratio > MAX_SIZE_RATIO || ratio < 1 / MAX_SIZE_RATIO) {
                return Double.POSITIVE_INFINITY;
            }
            Rect predicted = predictedBox();
            double fromPredicted = Math.hypot(box.centreX() - predicted.centreX(), box.centreY() - predicted.centreY());
            double fromLast = Math.hypot(box.centreX() - lastBox.centreX(), box.centreY() - lastBox.centreY());
            return Math.min(fromPredicted, fromLast) / size(lastBox);
        }
    }

    private static double size(Rect box) {
        return Math.max(1, Math.max(box.width(), box.height()));
    }

    private static double sq(double v) {
        return v * v;
    }

    /** A candidate match and its score: IoU in the first stage (higher is better), distance in the second (lower). */
    private record Pair(double score, Track track, int detection) {
    }

    @Override
    public List<TrackedFace> update(List<Detection> detections, long captureTimeMs) {
        tracks.removeIf(t -> captureTimeMs - t.lastSeenMs > maxUnseenMs);
        List<Pair> overlapping = new ArrayList<>();
        for (Track t : tracks) {
            t.predict(captureTimeMs);
            Rect predicted = t.predictedBox();
            for (int j = 0; j < detections.size(); j++) {
                float iou = predicted.iou(detections.get(j).box());
                if (iou >= iouThreshold) {
                    overlapping.add(new Pair(iou, t, j));
                }
            }
        }
        long[] assigned = new long[detections.size()];
        List<Track> taken = new ArrayList<>();
        assign(overlapping, Comparator.comparingDouble(Pair::score).reversed(), assigned, taken, detections, captureTimeMs);

        List<Pair> near = new ArrayList<>();
        for (Track t : tracks) {
            if (taken.contains(t)) {
                continue;
            }
            for (int j = 0; j < detections.size(); j++) {
                double d = assigned[j] == 0 ? t.distanceInSizes(detections.get(j).box()) : Double.POSITIVE_INFINITY;
                if (d <= MAX_CENTRE_DISTANCE_PER_SIZE) {
                    near.add(new Pair(d, t, j));
                }
            }
        }
        assign(near, Comparator.comparingDouble(Pair::score), assigned, taken, detections, captureTimeMs);

        List<TrackedFace> out = new ArrayList<>(detections.size());
        for (int j = 0; j < detections.size(); j++) {
            Detection d = detections.get(j);
            if (assigned[j] == 0) {
                Track t = new Track(nextId.getAsLong(), d.box(), captureTimeMs);
                tracks.add(t);
                assigned[j] = t.id;
            }
            out.add(new TrackedFace(assigned[j], d));
        }
        return out;
    }

    /** Greedy: best pairs first; ties go to the older track and the earlier detection, so list order does not matter. */
    private static void assign(List<Pair> pairs, Comparator<Pair> best, long[] assigned, List<Track> taken, List<Detection> detections,
                               long captureTimeMs) {
        pairs.sort(best.thenComparingLong(p -> p.track().id).thenComparingInt(Pair::detection));
        for (Pair p : pairs) {
            if (assigned[p.detection()] != 0 || taken.contains(p.track())) {
                continue;
            }
            assigned[p.detection()] = p.track().id;
            taken.add(p.track());
            p.track().correct(detections.get(p.detection()).box(), captureTimeMs);
        }
    }

    @Override
    public int activeTracks() {
        return tracks.size();
    }
}
