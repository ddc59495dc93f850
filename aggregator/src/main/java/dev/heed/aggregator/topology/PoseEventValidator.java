package dev.heed.aggregator.topology;

import dev.heed.aggregator.AggregatorMetrics;
import dev.heed.aggregator.errors.RejectedEventException;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.proto.v1.Visibility;
import dev.heed.topics.PersonKey;
import dev.heed.topics.Topics;
import java.util.HashMap;
import java.util.Map;

/**
 * Admits a pose event only if the aggregator can use it; otherwise throws {@link RejectedEventException}, which the
 * processing exception handler turns into a count, a dead letter, and the next record. Admitted events are counted
 * per camera. One per task (not thread-safe).
 */
public final class PoseEventValidator {
    public static final String REASON_TOMBSTONE = "tombstone";
    public static final String REASON_NO_CAPTURE_TIME = "no_capture_time";
    public static final String REASON_CAPTURE_TIME_AHEAD = "capture_time_ahead";
    public static final String REASON_SCHEMA_VERSION = "unknown_schema_version";
    public static final String REASON_BAD_KEY = "bad_key";
    public static final String REASON_NON_FINITE_ANGLE = "non_finite_angle";
    public static final String REASON_UNKNOWN_VISIBILITY = "unknown_visibility";
    /** Keys seen, parsed: a task sees the same few keys again and again. Cleared when full, so it stays bounded. */
    private static final int MAX_KEYS = 10_000;

    private final AggregatorMetrics metrics;
    private final Map<String, ValidatedKey> keys = new HashMap<>();

    private record ValidatedKey(PersonKey person, String canonical) {
    }

    public PoseEventValidator(AggregatorMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * @param key       the record key
     * @param timestamp the record's event time as {@link CaptureTimeExtractor} extracted it
     */
    public ValidatedPose validate(String key, long timestamp, PoseEvent event) {
        if (event == null) {
            throw new RejectedEventException(REASON_TOMBSTONE, "tombstone (null value) where a PoseEvent was expected");
        }
        if (event.getCaptureTimeMs() <= 0) {
            throw new RejectedEventException(REASON_NO_CAPTURE_TIME, "no capture time");
        }
        if (timestamp != event.getCaptureTimeMs()) {
            // CaptureTimeExtractor refused the capture time.
            throw new RejectedEventException(REASON_CAPTURE_TIME_AHEAD, "capture time " + event.getCaptureTimeMs()
                    + " is more than " + CaptureTimeExtractor.MAX_AHEAD + " ahead of this host's clock");
        }
        if (event.getSchemaVersion() > Topics.SCHEMA_VERSION) {
            throw new RejectedEventException(REASON_SCHEMA_VERSION, "schema_version " + event.getSchemaVersion()
                    + " is newer than this aggregator (" + Topics.SCHEMA_VERSION + ")");
        }
        ValidatedKey person = person(key);
        Visibility visibility = event.getVisibility();
        if (visibility == Visibility.UNRECOGNIZED) {
            throw new RejectedEventException(REASON_UNKNOWN_VISIBILITY, "visibility " + event.getVisibilityValue()
                    + " is newer than this aggregator");
        }
        // Without a face there is no estimate: FACE_HIDDEN and GONE events carry NaN angles, which are not used.
        if (visibility == Visibility.VISIBILITY_FACE
                && (!Float.isFinite(event.getYawDeg()) || !Float.isFinite(event.getPitchDeg()) || !Float.isFinite(event.getRollDeg()))) {
            throw new RejectedEventException(REASON_NON_FINITE_ANGLE, "non-finite angle for " + person.canonical());
        }
        metrics.event(person.person().cameraId());
        return new ValidatedPose(person.person(), person.canonical(), event);
    }

    private ValidatedKey person(String key) {
        ValidatedKey person = key == null ? null : keys.get(key);
        if (person == null) {
            PersonKey parsed;
            try {
                parsed = PersonKey.parse(key);
            } catch (IllegalArgumentException e) {
                throw new RejectedEventException(REASON_BAD_KEY, e.getMessage());
            }
            if (keys.size() >= MAX_KEYS) {
                keys.clear();
            }
            person = new ValidatedKey(parsed, parsed.toString());
            keys.put(key, person);
        }
        return person;
    }
}
