package dev.heed.aggregator.topology;

import dev.heed.aggregator.policy.AttentionSettings;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.topics.PersonKey;

/**
 * A pose event that passed {@link PoseEventValidator}, with its parsed key and that key as the store writes it
 * ({@code person.toString()}, the same String instance for every event of the person). Never serialized.
 */
public record ValidatedPose(PersonKey person, String key, PoseEvent event) {
    /** The id its policy is stored under: the event's attention_policy_id, else its camera id. */
    public String policyKey() {
        String id = event.getAttentionPolicyId();
        return id.isEmpty() ? person.cameraId() : id;
    }

    public PoseSample toSample(AttentionSettings settings) {
        return new PoseSample(person, event.getCaptureTimeMs(), event.getYawDeg(), event.getPitchDeg(), event.getRollDeg(),
                Math.min(event.getYawConfidence(), event.getPitchConfidence()), settings, event.getVisibility());
    }
}
