package dev.heed.aggregator.topology;

import dev.heed.aggregator.policy.AttentionSettings;
import dev.heed.topics.PersonKey;

/**
 * One validated pose event with the attention settings in force when it arrived: what the person's state
 * machine needs. Held in the reorder buffer until its grace has passed.
 *
 * @param person     whose head pose
 * @param timeMs     capture time, event time, Unix epoch ms
 * @param confidence the lower of the yaw and pitch confidences, the angles that decide attention
 * @param settings   the policy (or the defaults) that applies to this sample
 */
public record PoseSample(PersonKey person, long timeMs, double yawDeg, double pitchDeg, double rollDeg, double confidence,
                         AttentionSettings settings) {
}
