package dev.heed.aggregator.policy;

import dev.heed.aggregator.AggregatorMetrics;
import dev.heed.proto.v1.AttentionPolicy;
import dev.heed.topics.Topics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the AttentionPolicy found for an event (or none) into the {@link AttentionSettings} in force:
 * the policy's values with the configured defaults for what it leaves unset. An invalid policy is not
 * used; its events get the defaults, and it is counted and logged once per version, not once per event.
 * Shared by every stream thread, hence thread-safe.
 */
public final class PolicyResolver {
    private static final Logger log = LoggerFactory.getLogger(PolicyResolver.class);
    /** Policies are operator-made and few; the bound only guards against a flood of distinct ids. */
    private static final int MAX_CACHED = 10_000;

    private final AttentionSettings defaults;
    private final AggregatorMetrics metrics;
    private final Map<String, Resolved> cache = new ConcurrentHashMap<>();

    private record Resolved(AttentionPolicy policy, AttentionSettings settings) {
    }

    public PolicyResolver(AttentionSettings defaults, AggregatorMetrics metrics) {
        this.defaults = defaults;
        this.metrics = metrics;
    }

    public AttentionSettings defaults() {
        return defaults;
    }

    /**
     * @param policyId the id the event was looked up under (its attention_policy_id, or its camera id)
     * @param policy   the policy stored under that id, or null if there is none
     */
    public AttentionSettings resolve(String policyId, AttentionPolicy policy) {
        if (policy == null) {
            return defaults;
        }
        Resolved r = cache.get(policyId);
        if (r != null && r.policy().equals(policy)) {
            return r.settings();
        }
        AttentionSettings settings;
        try {
            settings = merge(policyId, policy, defaults);
        } catch (IllegalArgumentException e) {
            metrics.invalidPolicy(policyId);
            log.warn("attention policy '{}' is invalid and not used; its events get the defaults: {}", policyId, e.getMessage());
            settings = defaults;
        }
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(policyId, new Resolved(policy, settings));
        return settings;
    }

    /** The policy over the defaults; throws IllegalArgumentException naming the field if a value is out of range. */
    public static AttentionSettings merge(String policyId, AttentionPolicy p, AttentionSettings d) {
        if (p.getSchemaVersion() > Topics.SCHEMA_VERSION) {
            throw new IllegalArgumentException("schema_version " + p.getSchemaVersion() + " is newer than this aggregator ("
                    + Topics.SCHEMA_VERSION + ")");
        }
        return new AttentionSettings(policyId,
                p.getYaw0Deg(),
                p.getPitch0Deg(),
                p.getYawToleranceDeg() != 0 ? p.getYawToleranceDeg() : d.yawToleranceDeg(),
                p.getPitchToleranceDeg() != 0 ? p.getPitchToleranceDeg() : d.pitchToleranceDeg(),
                p.hasHysteresisMarginDeg() ? p.getHysteresisMarginDeg() : d.hysteresisMarginDeg(),
                p.hasMinDwellMs() ? p.getMinDwellMs() : d.minDwellMs(),
                p.hasMinConfidence() ? p.getMinConfidence() : d.minConfidence(),
                p.getLongDistractionMs() != 0 ? p.getLongDistractionMs() : d.longDistractionMs(),
                p.hasTimeSharingTotalMs() ? p.getTimeSharingTotalMs() : d.timeSharingTotalMs(),
                p.hasTimeSharingSpanMs() ? p.getTimeSharingSpanMs() : d.timeSharingSpanMs(),
                p.hasAbsentAfterMs() ? p.getAbsentAfterMs() : d.absentAfterMs(),
                p.hasAbsentAlerts() ? p.getAbsentAlerts() : d.absentAlerts());
    }
}
