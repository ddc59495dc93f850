package dev.heed.ingest.track;

import dev.heed.common.image.BgrImage;
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
 *
 * <p>A face that is not found does not end its track at once. Each frame, a track without its face is judged by a
 * {@link HeadPresence}: while the person's head is in place (turned away, looking down) the track is <em>hidden</em>
 * and keeps its id for up to {@code maxHidden}, held where the face was last seen (the filter extrapolates motion for
 * at most {@value #MAX_EXTRAPOLATION_MS} ms past the last sighting, so a hidden track does not drift onto a neighbour);
 * once neither the face nor the head has been in place for {@code maxUnseen}, the track ends (the person left). Only a
 * track whose face was seen in {@value #MIN_HITS_TO_HIDE} frames or more can be hidden: a stray detection never
 * becomes a person "in place".
 */
public final class KalmanIouTracker implements FaceTracker {
    public static final float DEFAULT_IOU_THRESHOLD = 0.3f;
    public static final Duration DEFAULT_MAX_UNSEEN = Duration.ofSeconds(1);
    /** A student looking down at notes for most of a minute keeps their id. */
    public static final Duration DEFAULT_MAX_HIDDEN = Duration.ofSeconds(60);
    /** A track is predicted to move on for at most this long past its last sighting; then it is held in place. */
    static final long MAX_EXTRAPOLATION_MS = 1000;
    /** Sightings a track needs before a missing face can count as hidden (rather than a stray detection gone). */
    static final int MIN_HITS_TO_HIDE = 3;

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
    /** Second stage: a detection this much larger or smaller than the track's face is someone else... */
    private static final double MAX_SIZE_RATIO = 1.5;
    /**
     * ... unless it lies where the track's face was last seen (within this many face sizes of that centre): a head that
     * turns changes the detector's box more than a face that moves. Measured on the classroom scene (heed scenes): a
     * profile box 41x62 px where the frontal one was 69x95 (ratio 1.53), both centres 29 px apart.
     */
    static final double IN_PLACE_DISTANCE_PER_SIZE = 0.75;
    private static final double IN_PLACE_MAX_SIZE_RATIO = 2.0;

    private final float iouThreshold;
    private final long maxUnseenMs;
    private final long maxHiddenMs;
    private final HeadPresence presence;
    private final LongSupplier nextId;
    private final List<Track> tracks = new ArrayList<>();
    private int hiddenCount;

    /**
     * @param iouThreshold minimum IoU between a track's predicted box and a detection to match them, (0, 1]
     * @param maxUnseen    a track ends after this much capture time with neither its face nor its head in place
     * @param maxHidden    a track ends after this much capture time without its face even if its head seems in place;
     *                     at least maxUnseen
     * @param presence     judges whether the head of a track without its face is in place; {@link HeadPresence#NONE}
     *                     ends every track after maxUnseen without its face
     * @param nextId       source of new track ids; shared across the trackers one camera has over its life, so
     *                     that an id is never reused for that camera
     */
    public KalmanIouTracker(float iouThreshold, Duration maxUnseen, Duration maxHidden, HeadPresence presence, LongSupplier nextId) {
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("tracker IoU threshold must be in (0, 1], got " + iouThreshold);
        }
        if (maxUnseen == null || maxUnseen.isNegative() || maxUnseen.isZero()) {
            throw new IllegalArgumentException("tracker max unseen time must be positive, got " + maxUnseen);
        }
        if (maxHidden == null || maxHidden.compareTo(maxUnseen) < 0) {
            throw new IllegalArgumentException("tracker max hidden time must be at least the max unseen time " + maxUnseen.toMillis()
                    + " ms, got " + (maxHidden == null ? null : maxHidden.toMillis() + " ms"));
        }
        this.iouThreshold = iouThreshold;
        this.maxUnseenMs = maxUnseen.toMillis();
        this.maxHiddenMs = maxHidden.toMillis();
        this.presence = presence;
        this.nextId = nextId;
    }

    /** Without hidden tracks: a track ends after maxUnseen without its face. */
    public KalmanIouTracker(float iouThreshold, Duration maxUnseen, LongSupplier nextId) {
        this(iouThreshold, maxUnseen, maxUnseen, HeadPresence.NONE, nextId);
    }

    /** Track ids from 1, without hidden tracks, defaults otherwise. */
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
        /** The last time the face was seen or the head judged in place. */
        long lastPresentMs;
        long predictedToMs;
        int hits;
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
            lastPresentMs = nowMs;
            predictedToMs = nowMs;
            hits = 1;
        }

        void predict(long nowMs) {
            // A face unseen for long is held where the extrapolation stopped, not carried off by its last velocity.
            long to = Math.min(nowMs, lastSeenMs + MAX_EXTRAPOLATION_MS);
            double dt = (to - predictedToMs) / 1000.0;
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
            predictedToMs = to;
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
            lastPresentMs = nowMs;
            // The state now stands at this frame, however long the face was held hidden before.
            predictedToMs = nowMs;
            hits++;
            lastBox = box;
        }

        /**
         * Centre distance to the box in face sizes, from the predicted or the last seen centre, whichever is
         * nearer; infinite for a box of another size (more lenient for a box where the face was last seen).
         */
        double distanceInSizes(Rect box) {
            double ratio = size(box) / size(lastBox);
            Rect predicted = predictedBox();
            double fromPredicted = Math.hypot(box.centreX() - predicted.centreX(), box.centreY() - predicted.centreY()) / size(lastBox);
            double fromLast = Math.hypot(box.centreX() - lastBox.centreX(), box.centreY() - lastBox.centreY()) / size(lastBox);
            double maxRatio = fromLast <= IN_PLACE_DISTANCE_PER_SIZE ? IN_PLACE_MAX_SIZE_RATIO : MAX_SIZE_RATIO;
            if (ratio > maxRatio || ratio < 1 / maxRatio) {
                return Double.POSITIVE_INFINITY;
            }
            return Math.min(fromPredicted, fromLast);
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

    /** Only detections, no frame: for callers without hidden tracks (the presence is never asked). */
    public List<TrackedFace> update(List<Detection> detections, long captureTimeMs) {
        return update(detections, null, captureTimeMs).faces();
    }

    @Override
    public TrackedFrame update(List<Detection> detections, BgrImage frame, long captureTimeMs) {
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

        // The tracks whose face is missing: still there (hidden), undecided, or gone.
        List<TrackedFrame.Hidden> hidden = new ArrayList<>();
        List<TrackedFrame.Ended> ended = new ArrayList<>();
        for (java.util.Iterator<Track> it = tracks.iterator(); it.hasNext(); ) {
            Track t = it.next();
            if (taken.contains(t)) {
                continue;
            }
            boolean inPlace = frame != null && t.hits >= MIN_HITS_TO_HIDE && presence.headInPlace(t.id, frame, t.lastBox);
            if (inPlace) {
                t.lastPresentMs = captureTimeMs;
            }
            TrackedFrame.EndReason end = null;
            if (captureTimeMs - t.lastSeenMs > maxHiddenMs) {
                end = TrackedFrame.EndReason.HIDDEN_TOO_LONG;
            } else if (captureTimeMs - t.lastPresentMs > maxUnseenMs) {
                end = TrackedFrame.EndReason.HEAD_GONE;
            }
            if (end != null) {
                ended.add(new TrackedFrame.Ended(t.id, t.lastBox, end));
                presence.forget(t.id);
                it.remove();
            } else if (inPlace) {
                hidden.add(new TrackedFrame.Hidden(t.id, t.lastBox));
            }
        }
        hiddenCount = hidden.size();

        List<TrackedFace> out = new ArrayList<>(detections.size());
        for (int j = 0; j < detections.size(); j++) {
            Detection d = detections.get(j);
            if (assigned[j] == 0) {
                Track t = new Track(nextId.getAsLong(), d.box(), captureTimeMs);
                tracks.add(t);
                assigned[j] = t.id;
            }
            if (frame != null) {
                presence.faceSeen(assigned[j], frame, d.box());
            }
            out.add(new TrackedFace(assigned[j], d));
        }
        return new TrackedFrame(out, hidden, ended);
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
    public TrackedFrame endAll() {
        List<TrackedFrame.Ended> ended = new ArrayList<>(tracks.size());
        for (Track t : tracks) {
            ended.add(new TrackedFrame.Ended(t.id, t.lastBox, TrackedFrame.EndReason.STREAM_ENDED));
            presence.forget(t.id);
        }
        tracks.clear();
        hiddenCount = 0;
        return new TrackedFrame(List.of(), List.of(), ended);
    }

    @Override
    public int activeTracks() {
        return tracks.size();
    }

    @Override
    public int hiddenTracks() {
        return hiddenCount;
    }
}
