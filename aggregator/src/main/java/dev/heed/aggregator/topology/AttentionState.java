package dev.heed.aggregator.topology;

/** Where a person's attention is, after hysteresis and the temporal filter. */
public enum AttentionState {
    ATTENDING,
    AWAY,
    /** No sample for longer than the absence threshold. */
    ABSENT
}
