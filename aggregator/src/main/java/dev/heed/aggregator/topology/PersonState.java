package dev.heed.aggregator.topology;

import dev.heed.aggregator.policy.AttentionSettings;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the aggregator remembers about one person (camera + track) between samples: the filtered attention
 * state, the pending change the temporal filter is waiting to confirm, the alerts that are open, the away runs
 * the time-sharing rule still counts, the capture times of the last samples (to recognise redeliveries), and the
 * open attention windows. Mutable: {@link PersonStateMachine} and {@link PersonWindows} update it in place and the
 * processor writes it back to the store.
 */
public final class PersonState {
    /** Marks an absent time. */
    public static final long NONE = Long.MIN_VALUE;
    private static final WindowAccumulator[] NO_WINDOWS = new WindowAccumulator[0];

    AttentionState state;
    /** When the current state began (ABSENT: the last sample). */
    long sinceMs;
    /** Capture time of the last sample applied. */
    long lastSeenMs;
    /** AWAY: the last sample counted in the current away run. */
    long lastAwayMs = NONE;
    /** First sample of a change of state the temporal filter has not confirmed yet, or NONE. */
    long candidateSinceMs = NONE;
    /** AWAY: whether the face is reported not visible (FACE_HIDDEN); changed through the same temporal filter. */
    boolean faceHidden;
    /** AWAY: since when the face has been reported hidden, or seen. */
    long visibilitySinceMs = NONE;
    /** AWAY: the first sample of a change between hidden and seen not confirmed yet, or NONE. */
    long visibilityCandidateSinceMs = NONE;
    double yawDeg;
    double pitchDeg;
    double rollDeg;
    boolean longDistractionRaised;
    /** started_at of the raised VISUAL_TIME_SHARING alert, or NONE. */
    long timeSharingStartedMs = NONE;
    boolean absentRaised;
    /**
     * The person's stream ended (a GONE record with stream_ended): they are forgotten, and kept only so that a
     * redelivered sample of theirs is recognised, until the idle timeout removes them. A newer sample under the same
     * key is a new person.
     */
    boolean ended;
    AwayIntervals closedAway = AwayIntervals.NONE;
    /** The settings of the last sample, for decisions made without a sample (absence, expiry). */
    AttentionSettings settings;
    /** Capture times of the last samples applied. */
    final RecentCaptureTimes recent;
    /** The open window of each size that has one, in no particular order. */
    WindowAccumulator[] windows = NO_WINDOWS;
    /** Put into its {@link PersonStateStore} since the store's last flush; the store's bookkeeping, never serialized. */
    boolean unflushed;

    PersonState() {
        this(new RecentCaptureTimes());
    }

    PersonState(RecentCaptureTimes recent) {
        this.recent = recent;
    }

    public AttentionState state() {
        return state;
    }

    /** The state as reported: FACE_HIDDEN for an away person whose face is not visible. */
    public AttentionState reported() {
        return state == AttentionState.AWAY && faceHidden ? AttentionState.FACE_HIDDEN : state;
    }

    /** Since when the reported state has held. */
    public long reportedSinceMs() {
        return state == AttentionState.AWAY && visibilitySinceMs != NONE ? Math.max(sinceMs, visibilitySinceMs) : sinceMs;
    }

    public long sinceMs() {
        return sinceMs;
    }

    public long lastSeenMs() {
        return lastSeenMs;
    }

    public double yawDeg() {
        return yawDeg;
    }

    public double pitchDeg() {
        return pitchDeg;
    }

    public double rollDeg() {
        return rollDeg;
    }

    public boolean longDistractionRaised() {
        return longDistractionRaised;
    }

    public long timeSharingStartedMs() {
        return timeSharingStartedMs;
    }

    public boolean absentRaised() {
        return absentRaised;
    }

    public boolean ended() {
        return ended;
    }

    public long candidateSinceMs() {
        return candidateSinceMs;
    }

    public AttentionSettings settings() {
        return settings;
    }

    AwayIntervals closedAway() {
        return closedAway;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PersonState p && state == p.state && sinceMs == p.sinceMs && lastSeenMs == p.lastSeenMs
                && lastAwayMs == p.lastAwayMs && candidateSinceMs == p.candidateSinceMs && faceHidden == p.faceHidden
                && visibilitySinceMs == p.visibilitySinceMs && visibilityCandidateSinceMs == p.visibilityCandidateSinceMs
                && yawDeg == p.yawDeg
                && pitchDeg == p.pitchDeg && rollDeg == p.rollDeg && longDistractionRaised == p.longDistractionRaised
                && timeSharingStartedMs == p.timeSharingStartedMs && absentRaised == p.absentRaised && ended == p.ended
                && closedAway.equals(p.closedAway) && Objects.equals(settings, p.settings) && recent.equals(p.recent)
                && Arrays.equals(windows, p.windows);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, sinceMs, lastSeenMs, candidateSinceMs);
    }

    @Override
    public String toString() {
        return "PersonState[" + state + " since " + sinceMs + ", last seen " + lastSeenMs + ", last away " + lastAwayMs
                + ", candidate " + candidateSinceMs + ", face hidden " + faceHidden + " since " + visibilitySinceMs
                + " (candidate " + visibilityCandidateSinceMs + "), LD " + longDistractionRaised + ", TS " + timeSharingStartedMs
                + ", absent alert " + absentRaised + (ended ? ", ended" : "") + ", away runs " + closedAway + ", policy " + settings.policyId()
                + ", recent " + recent + ", windows " + Arrays.toString(windows) + "]";
    }
}
