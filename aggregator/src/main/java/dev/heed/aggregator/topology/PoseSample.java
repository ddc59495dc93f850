package dev.heed.aggregator.topology;

import dev.heed.topics.PersonKey;

/**
 * One pose event after validation and classification: what the windows and the alert state machine need.
 * Never serialized: it only travels between processors of one task.
 *
 * @param person    whose head pose
 * @param timeMs    capture time, event time, Unix epoch ms
 * @param attending whether the rule in {@code policyId} counted the pose as attending
 */
public record PoseSample(PersonKey person, long timeMs, double yawDeg, double pitchDeg, double rollDeg, boolean attending,
                         String policyId) {
}
