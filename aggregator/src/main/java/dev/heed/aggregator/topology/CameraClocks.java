package dev.heed.aggregator.topology;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The event-time clocks of one person-side task (one pose-events partition), from the samples it has applied.
 *
 * <p>A camera's pose events reach their partition in capture order (ingest publishes frame by frame, one inference
 * worker per partition produces in order), so once a sample of a camera has arrived, no person of that camera on
 * this partition has an unseen sample from before it, except redeliveries. The camera's clock is therefore the
 * newest capture time of its samples here: a person of the camera without a sample up to the clock has none. A
 * camera whose only person here has stopped sending would have a stuck clock, so the clock is also at least the
 * partition's newest capture time minus the grace: how far a camera's events may lag another camera's on the
 * same partition.
 *
 * <p>Everything here is derived from the samples applied, so after a restart it is rebuilt exactly from the
 * stored person states ({@link #restore}): the newest capture time of a camera is its newest person's last sample,
 * and a person is only forgotten long after their camera's newest sample.
 */
final class CameraClocks {
    /** Per camera: newest capture time, people held, and the clock last reported to the camera side. */
    private static final class Camera {
        long newestMs = Long.MIN_VALUE;
        int people;
        long reportedMs = Long.MIN_VALUE;
    }

    private final long graceMs;
    private final Map<String, Camera> cameras = new HashMap<>();
    private long partitionNewestMs = Long.MIN_VALUE;

    CameraClocks(long graceMs) {
        this.graceMs = graceMs;
    }

    /** Forgets everything: a restore follows, person by person. */
    void clear() {
        cameras.clear();
        partitionNewestMs = Long.MIN_VALUE;
    }

    /** A stored person of the camera whose last sample was at lastSeenMs. */
    void restorePerson(String camera, long lastSeenMs) {
        Camera c = cameras.computeIfAbsent(camera, k -> new Camera());
        c.people++;
        c.newestMs = Math.max(c.newestMs, lastSeenMs);
        partitionNewestMs = Math.max(partitionNewestMs, lastSeenMs);
    }

    /**
     * A capture time the partition has seen that no camera's people carry: a stream's end, or, on restore, the last
     * sample of a person whose stream has ended.
     */
    void sawTime(long t) {
        partitionNewestMs = Math.max(partitionNewestMs, t);
    }

    /**
     * After a restore every camera's clock counts as reported: progress is reported whenever a clock enters a new
     * second, in the transaction of the sample that moved it there.
     */
    void markAllReported() {
        for (Camera c : cameras.values()) {
            c.reportedMs = clock(c);
        }
    }

    /** The camera's clock; Long.MIN_VALUE before anything of the partition has been applied. */
    long clock(String camera) {
        Camera c = cameras.get(camera);
        return c == null ? partitionClock() : clock(c);
    }

    private long clock(Camera c) {
        return Math.max(c.newestMs, partitionClock());
    }

    /** The partition's own clock: its newest capture time minus the grace. */
    long partitionClock() {
        return partitionNewestMs == Long.MIN_VALUE ? Long.MIN_VALUE : partitionNewestMs - graceMs;
    }

    long partitionNewestMs() {
        return partitionNewestMs;
    }

    /** A sample of the camera at t was applied. */
    void applied(String camera, long t) {
        Camera c = cameras.computeIfAbsent(camera, k -> new Camera());
        c.newestMs = Math.max(c.newestMs, t);
        partitionNewestMs = Math.max(partitionNewestMs, t);
    }

    void personAdded(String camera) {
        cameras.computeIfAbsent(camera, k -> new Camera()).people++;
    }

    /** A person was forgotten; true if it was the camera's last one here, which forgets the camera too. */
    boolean personRemoved(String camera) {
        Camera c = cameras.get(camera);
        if (c == null) {
            return false;
        }
        if (--c.people <= 0) {
            cameras.remove(camera);
            return true;
        }
        return false;
    }

    Set<String> cameras() {
        return cameras.keySet();
    }

    /** The camera's clock as last reported to the camera side, or Long.MIN_VALUE. */
    long reported(String camera) {
        Camera c = cameras.get(camera);
        return c == null ? Long.MIN_VALUE : c.reportedMs;
    }

    void reported(String camera, long clockMs) {
        Camera c = cameras.get(camera);
        if (c != null) {
            c.reportedMs = clockMs;
        }
    }
}
