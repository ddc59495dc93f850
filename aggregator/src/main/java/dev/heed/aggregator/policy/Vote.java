package dev.heed.aggregator.policy;

/** What one pose sample says about where its person is looking; see {@link AttentionSettings#vote}. */
public enum Vote {
    ATTENDING,
    AWAY,
    /** Between the inner and the outer cone, or too uncertain: keeps the current state. */
    NEUTRAL
}
