package dev.heed.aggregator.topology;

import dev.heed.aggregator.policy.AttentionSettings;
import dev.heed.proto.v1.Visibility;
import dev.heed.topics.PersonKey;

/**
 * One validated pose event with the attention settings in force when it arrived: what the person's state
 * machine needs.
 *
 * @param person     whose head pose
 * @param timeMs     capture time, event time, Unix epoch ms
 * @param confidence the lower of the yaw and pitch confidences, the angles that decide attention
 * @param settings   the policy (or the defaults) that applies to this sample
 * @param visibility whether the face was seen (the angles are NaN otherwise), hidden, or the head has gone
 */
public record PoseSample(PersonKey person, long timeMs, double yawDeg, double pitchDeg, double rollDeg, double confidence,
                         AttentionSettings settings, Visibility visibility) {
    /** A sample of a visible face. */
    public PoseSample(PersonKey person, long timeMs, double yawDeg, double pitchDeg, double rollDeg, double confidence,
                      AttentionSettings settings) {
        this(person, timeMs, yawDeg, pitchDeg, rollDeg, confidence, settings, Visibility.VISIBILITY_FACE);
    }

    /** The head is in place but the face was not detected: counts as away, has no angles. */
    public boolean hidden() {
        return visibility == Visibility.VISIBILITY_FACE_HIDDEN;
    }

    /** The track's last record: the head has left. */
    public boolean gone() {
        return visibility == Visibility.VISIBILITY_GONE;
    }
}
