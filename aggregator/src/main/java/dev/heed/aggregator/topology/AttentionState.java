package dev.heed.aggregator.topology;

/**
 * Where a person's attention is, after hysteresis and the temporal filter. The state machine works with ATTENDING,
 * AWAY and ABSENT; FACE_HIDDEN is how an AWAY person whose face is not visible is reported (the people endpoint,
 * heed.attention-states.v1). The order is part of the stored state's format: add at the end only.
 */
public enum AttentionState {
    ATTENDING,
    AWAY,
    /** No sample for longer than the absence threshold, or the track ended because the head left (GONE). */
    ABSENT,
    /** Reported only: away, with the face not visible (FACE_HIDDEN samples). */
    FACE_HIDDEN
}
