package dev.heed.aggregator.topology;

/**
 * What the long-distraction state machine remembers about one person between samples.
 *
 * @param lastEventMs    event time of the last sample processed; older samples are ignored
 * @param awayStartedMs  event time of the first sample of the current away run, or {@link #NOT_AWAY}
 * @param raised         whether the LONG_DISTRACTION alert of the current away run has been raised
 * @param policyId       the policy that classified the last sample
 */
public record DistractionState(long lastEventMs, long awayStartedMs, boolean raised, String policyId) {
    public static final long NOT_AWAY = Long.MIN_VALUE;

    public boolean away() {
        return awayStartedMs != NOT_AWAY;
    }
}
