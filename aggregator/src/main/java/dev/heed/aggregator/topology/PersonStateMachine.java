package dev.heed.aggregator.topology;

import static dev.heed.aggregator.topology.PersonState.NONE;

import dev.heed.aggregator.policy.AttentionSettings;
import dev.heed.aggregator.policy.Vote;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AlertType;
import dev.heed.topics.PersonKey;

/**
 * The per-person rules, as pure functions of the stored {@link PersonState} and the next sample of the person (in
 * event order) or the person's camera clock (see {@link CameraClocks}). Every time they write into an alert is a
 * sample's time or an instant computed from sample times, never the time of processing, so the output does not
 * depend on when a sweep runs.
 *
 * <ul>
 * <li>State: a sample votes AWAY beyond the outer cone, ATTENDING within the inner cone, NEUTRAL between
 *     (hysteresis). A vote against the current state starts a candidate change; a vote for the current state
 *     cancels it; the change happens once a vote against has come at least the minimum dwell after the
 *     candidate's first sample, and is dated back to that first sample (temporal filter).
 * <li>An away run lasts from its first to its last away sample; samples of a pending return do not count.
 * <li>LONG_DISTRACTION: raised at the away sample at which the run has lasted the threshold; cleared at the
 *     first sample of the confirmed return, or at the last sample if the person disappears.
 * <li>VISUAL_TIME_SHARING: raised at the away sample at which the away time within the span ending there
 *     reaches the total; cleared at the exact instant that falls below the total again, once no turn away
 *     can still push it up.
 * <li>ABSENT: no sample for longer than the threshold; the state is absent from the last sample on; the
 *     optional alert is raised at last sample + threshold and cleared by the next sample or on expiry.
 * <li>Face not visible (FACE_HIDDEN samples, the head still in place): votes away whatever the confidence, so it
 *     starts or continues an away run like a turned face; while away, the person is reported FACE_HIDDEN once the
 *     hidden samples have held the minimum dwell (and AWAY again once visible ones have), without touching the run.
 * <li>GONE (the track's last record: the head left): absent from its capture time at once; an open away run ends
 *     there and its long distraction is cleared; no distraction alert is raised by it. The optional ABSENT alert is
 *     raised, as for any absence, once it has lasted the threshold: at the GONE record's time + threshold.
 * <li>Stream ended (a GONE record with stream_ended: the camera's file ended or ingest stopped reading it): every
 *     person of the camera ends there as at a GONE, their alerts still raised are cleared, and they are forgotten.
 * </ul>
 *
 * Each alert also carries the event time at which it was decided: the deciding sample's capture time, or the
 * instant a decision without a sample became possible (the same whichever way it was reached). Every change of the
 * reported state (ATTENDING, AWAY, FACE_HIDDEN, ABSENT) is recorded too, dated like the change itself.
 */
final class PersonStateMachine {
    /** What a sweep did to a person. */
    enum Swept { UNCHANGED, UPDATED, EXPIRED }

    private PersonStateMachine() {
    }

    /**
     * Whether a sample at t, newer than the person's last one, comes too late to be applied: their camera's clock
     * has already passed the instant at which the missing sample made them absent.
     */
    static boolean contradictsAbsence(PersonState st, long t, long clockMs) {
        long absentAt = st.lastSeenMs + st.settings.absentAfterMs();
        return t <= absentAt && absentAt < clockMs;
    }

    /**
     * Applies one sample of the person; returns the state to store (the one passed in, updated, or a new one).
     * First decides what the sample's time has made due without a sample (absence, expiry, a time-sharing clear),
     * as {@link #onClock} at that time would have, so the output does not depend on whether a sweep ran in
     * between. (The processor calls {@link #onClock} with the camera's clock first, which may be later.)
     */
    static PersonState onSample(PersonKey person, PersonState st, PoseSample s, long idleTimeoutMs, Decisions out) {
        long t = s.timeMs();
        AttentionSettings cfg = s.settings();
        if (st != null && onClock(person, st, t, idleTimeoutMs, out) == Swept.EXPIRED) {
            st = null;
        }
        if (s.gone()) {
            return st == null ? null : gone(person, st, s, out);
        }
        if (st == null || st.state == AttentionState.ABSENT) {
            st = appear(person, st, s, out);
        } else {
            applyVote(person, st, s, out);
        }
        st.settings = cfg;
        st.lastSeenMs = t;
        st.recent.add(t);
        if (!s.hidden()) {
            // A hidden face has no angles: the last ones seen stand.
            st.yawDeg = s.yawDeg();
            st.pitchDeg = s.pitchDeg();
            st.rollDeg = s.rollDeg();
        }
        prune(st, t);
        if (st.state == AttentionState.AWAY && st.candidateSinceMs == NONE) {
            st.lastAwayMs = t;
            raiseIfDue(person, st, t, out);
        }
        return st;
    }

    /** The track has ended because the head left: absent from now, what was open of the away run is closed. */
    private static PersonState gone(PersonKey person, PersonState st, PoseSample s, Decisions out) {
        st.settings = s.settings();
        return goneAt(person, st, s.timeMs(), out);
    }

    /**
     * The person's stream has ended at t (their camera's file was read to the end, or ingest stopped reading it):
     * what was open ends there as at a GONE record (an away run ends and its long distraction is cleared, the state
     * becomes absent), the alerts still raised are cleared at t, and the person is forgotten ({@link PersonState#ended}):
     * no absence alert follows, since nobody is watching any more.
     */
    static void endStream(PersonKey person, PersonState st, long t, Decisions out) {
        long at = Math.max(t, st.lastSeenMs);
        goneAt(person, st, at, out);
        expire(person, st, at, out);
        st.timeSharingStartedMs = NONE;
        st.absentRaised = false;
        st.ended = true;
    }

    private static PersonState goneAt(PersonKey person, PersonState st, long t, Decisions out) {
        AttentionSettings cfg = st.settings;
        if (st.state != AttentionState.ABSENT) {
            AttentionState before = st.reported();
            if (st.state == AttentionState.AWAY) {
                // A pending return means the run already ended at the return's first sample.
                endAwayRun(person, st, st.candidateSinceMs != NONE ? st.candidateSinceMs : t, t, cfg.policyId(), out);
            }
            st.state = AttentionState.ABSENT;
            st.sinceMs = t;
            st.candidateSinceMs = NONE;
            st.faceHidden = false;
            st.visibilityCandidateSinceMs = NONE;
            // The state is absent at once; the ABSENT alert, like any, once the absence has lasted the threshold (onClock).
            out.changed(person, before, st, t, t);
        }
        if (t > st.lastSeenMs) {
            // A stream's end is dated at its last frame, which may hold the person's last sample.
            st.lastSeenMs = t;
            st.recent.add(t);
        }
        return st;
    }

    /**
     * What the person's camera clock decides without a sample (every sample of the person up to it has been
     * applied): absence once it is past last sample + threshold, expiry after the idle timeout, a due time-sharing
     * clear. Deciding at a clock and then at a later one gives what deciding at the later one gives.
     */
    static Swept onClock(PersonKey person, PersonState st, long clockMs, long idleTimeoutMs, Decisions out) {
        if (st.ended) {
            // Everything was decided when the stream ended; only the record of their last samples is left to drop.
            return expiry(st, idleTimeoutMs) < clockMs ? Swept.EXPIRED : Swept.UNCHANGED;
        }
        boolean changed = false;
        // Strictly before the clock: a sample at the threshold itself could still arrive, and would win.
        if (st.state != AttentionState.ABSENT && st.lastSeenMs + st.settings.absentAfterMs() < clockMs) {
            becomeAbsent(person, st, out);
            changed = true;
        }
        // Gone (absent since its GONE record, without an alert yet): the alert once that absence has lasted the threshold.
        long absentAlertDue = st.sinceMs + st.settings.absentAfterMs();
        if (st.state == AttentionState.ABSENT && st.settings.absentAlerts() && !st.absentRaised && absentAlertDue < clockMs) {
            out.alert(Alerts.of(person, AlertType.ABSENT, AlertState.RAISED, absentAlertDue, st.sinceMs, st.settings.policyId(), absentAlertDue));
            st.absentRaised = true;
            changed = true;
        }
        long expiry = expiry(st, idleTimeoutMs);
        if (st.state == AttentionState.ABSENT && expiry < clockMs) {
            expire(person, st, expiry, out);
            return Swept.EXPIRED;
        }
        long timeSharing = st.timeSharingStartedMs;
        clearTimeSharingIfDue(person, st, clockMs, out);
        changed |= timeSharing != st.timeSharingStartedMs;
        AwayIntervals before = st.closedAway;
        prune(st, clockMs);
        changed |= before != st.closedAway;
        return changed ? Swept.UPDATED : Swept.UNCHANGED;
    }

    /**
     * Forgets away runs that can no longer count at or after {@code nowMs}; not while a time-sharing alert is
     * raised, whose clearing instant is computed from its runs (the run cap still bounds them).
     */
    private static void prune(PersonState st, long nowMs) {
        if (st.timeSharingStartedMs == NONE) {
            st.closedAway = st.closedAway.pruneEndingBefore(nowMs - st.settings.timeSharingSpanMs());
        }
    }

    /** When an absent person is forgotten: after the idle timeout, and never before being absent. */
    private static long expiry(PersonState st, long idleTimeoutMs) {
        return st.lastSeenMs + Math.max(idleTimeoutMs, st.settings.absentAfterMs());
    }

    /** Clears what is still open of a person being forgotten, at the expiry instant at the latest. */
    private static void expire(PersonKey person, PersonState st, long expiryMs, Decisions out) {
        AttentionSettings cfg = st.settings;
        clearTimeSharingIfDue(person, st, expiryMs, out);
        if (st.timeSharingStartedMs != NONE) {
            long total = st.closedAway.total(expiryMs - cfg.timeSharingSpanMs(), expiryMs);
            out.alert(Alerts.timeSharing(person, AlertState.CLEARED, expiryMs, st.timeSharingStartedMs, total, cfg.policyId(), expiryMs));
        }
        if (st.absentRaised) {
            out.alert(Alerts.of(person, AlertType.ABSENT, AlertState.CLEARED, expiryMs, st.lastSeenMs, cfg.policyId(), expiryMs));
        }
    }

    private static PersonState appear(PersonKey person, PersonState previous, PoseSample s, Decisions out) {
        AttentionSettings cfg = s.settings();
        long t = s.timeMs();
        PersonState st = previous != null ? previous : new PersonState();
        AttentionState before = previous != null ? previous.reported() : null;
        if (st.absentRaised) {
            out.alert(Alerts.of(person, AlertType.ABSENT, AlertState.CLEARED, t, st.lastSeenMs, cfg.policyId(), t));
            st.absentRaised = false;
        }
        // No history to filter against: the plain cone decides, and an unsure first sample counts as attending.
        // NaN (an estimator without a confidence) is not "unsure", as in AttentionSettings.vote. A hidden face is away.
        boolean unsure = s.confidence() < cfg.minConfidence();
        boolean away = s.hidden() || (!unsure && !cfg.inCone(s.yawDeg(), s.pitchDeg()));
        st.state = away ? AttentionState.AWAY : AttentionState.ATTENDING;
        st.sinceMs = t;
        st.candidateSinceMs = NONE;
        st.lastAwayMs = NONE;
        st.faceHidden = s.hidden();
        st.visibilitySinceMs = t;
        st.visibilityCandidateSinceMs = NONE;
        st.settings = cfg;
        out.changed(person, before, st, t, t);
        return st;
    }

    private static void applyVote(PersonKey person, PersonState st, PoseSample s, Decisions out) {
        AttentionSettings cfg = s.settings();
        long t = s.timeMs();
        Vote vote = s.hidden() ? Vote.AWAY : cfg.vote(s.yawDeg(), s.pitchDeg(), s.confidence());
        Vote current = st.state == AttentionState.ATTENDING ? Vote.ATTENDING : Vote.AWAY;
        if (vote == current) {
            st.candidateSinceMs = NONE;
        } else if (vote != Vote.NEUTRAL) {
            if (st.candidateSinceMs == NONE) {
                st.candidateSinceMs = t;
            }
            if (t - st.candidateSinceMs >= cfg.minDwellMs()) {
                AttentionState before = st.reported();
                long at = st.candidateSinceMs;
                st.candidateSinceMs = NONE;
                if (st.state == AttentionState.AWAY) {
                    endAwayRun(person, st, at, t, cfg.policyId(), out);
                    st.state = AttentionState.ATTENDING;
                    st.faceHidden = false;
                } else {
                    st.state = AttentionState.AWAY;
                    st.faceHidden = s.hidden();
                }
                st.sinceMs = at;
                st.visibilitySinceMs = at;
                st.visibilityCandidateSinceMs = NONE;
                st.settings = cfg;
                out.changed(person, before, st, at, t);
                return;
            }
        }
        if (st.state == AttentionState.AWAY) {
            applyVisibility(person, st, s, out);
        }
    }

    /**
     * Away, the face hidden or seen: the same temporal filter decides which is reported, so that a detector missing
     * a turned face now and then does not make the reported state flap. The away run goes on either way.
     */
    private static void applyVisibility(PersonKey person, PersonState st, PoseSample s, Decisions out) {
        long t = s.timeMs();
        if (s.hidden() == st.faceHidden) {
            st.visibilityCandidateSinceMs = NONE;
            return;
        }
        if (st.visibilityCandidateSinceMs == NONE) {
            st.visibilityCandidateSinceMs = t;
        }
        if (t - st.visibilityCandidateSinceMs >= s.settings().minDwellMs()) {
            AttentionState before = st.reported();
            st.faceHidden = s.hidden();
            st.visibilitySinceMs = st.visibilityCandidateSinceMs;
            st.visibilityCandidateSinceMs = NONE;
            st.settings = s.settings();
            out.changed(person, before, st, st.visibilitySinceMs, t);
        }
    }

    private static void becomeAbsent(PersonKey person, PersonState st, Decisions out) {
        AttentionSettings cfg = st.settings;
        AttentionState before = st.reported();
        long decided = st.lastSeenMs + cfg.absentAfterMs();
        if (st.state == AttentionState.AWAY) {
            // A pending return means the run already ended at the return's first sample.
            endAwayRun(person, st, st.candidateSinceMs != NONE ? st.candidateSinceMs : st.lastSeenMs, decided, cfg.policyId(), out);
        }
        st.state = AttentionState.ABSENT;
        st.sinceMs = st.lastSeenMs;
        st.candidateSinceMs = NONE;
        st.faceHidden = false;
        st.visibilityCandidateSinceMs = NONE;
        if (cfg.absentAlerts()) {
            out.alert(Alerts.of(person, AlertType.ABSENT, AlertState.RAISED, decided, st.lastSeenMs, cfg.policyId(), decided));
            st.absentRaised = true;
        }
        out.changed(person, before, st, st.lastSeenMs, decided);
    }

    private static void endAwayRun(PersonKey person, PersonState st, long endedAtMs, long decidedAtMs, String policyId,
                                   Decisions out) {
        st.closedAway = st.closedAway.plus(st.sinceMs, st.lastAwayMs);
        if (st.longDistractionRaised) {
            out.alert(Alerts.of(person, AlertType.LONG_DISTRACTION, AlertState.CLEARED, endedAtMs, st.sinceMs, policyId, decidedAtMs));
            st.longDistractionRaised = false;
        }
        st.lastAwayMs = NONE;
    }

    private static void raiseIfDue(PersonKey person, PersonState st, long t, Decisions out) {
        AttentionSettings cfg = st.settings;
        if (!st.longDistractionRaised && t - st.sinceMs >= cfg.longDistractionMs()) {
            out.alert(Alerts.of(person, AlertType.LONG_DISTRACTION, AlertState.RAISED, t, st.sinceMs, cfg.policyId(), t));
            st.longDistractionRaised = true;
        }
        if (st.timeSharingStartedMs == NONE) {
            long from = t - cfg.timeSharingSpanMs();
            long total = st.closedAway.total(from, t) + AwayIntervals.overlap(st.sinceMs, t, from, t);
            if (total >= cfg.timeSharingTotalMs()) {
                long started = Math.min(st.closedAway.earliestFrom(from), Math.max(st.sinceMs, from));
                out.alert(Alerts.timeSharing(person, AlertState.RAISED, t, started, total, cfg.policyId(), t));
                st.timeSharingStartedMs = started;
            }
        }
    }

    /**
     * Clears a raised time-sharing alert once its away total has fallen below the threshold, at the instant
     * it did so, provided that instant is not after {@code nowMs} (everything up to it has been seen) and no
     * pending turn away, confirmed later, could have kept the total up.
     */
    private static void clearTimeSharingIfDue(PersonKey person, PersonState st, long nowMs, Decisions out) {
        if (st.timeSharingStartedMs == NONE || st.state == AttentionState.AWAY) {
            return;
        }
        AttentionSettings cfg = st.settings;
        long at = st.closedAway.firstBelow(cfg.timeSharingTotalMs(), cfg.timeSharingSpanMs());
        if (at > nowMs || (st.candidateSinceMs != NONE && at > st.candidateSinceMs)) {
            return;
        }
        long total = st.closedAway.total(at - cfg.timeSharingSpanMs(), at);
        // Decided now, with the person's last sample: the same whether a sweep or their next sample got here first.
        out.alert(Alerts.timeSharing(person, AlertState.CLEARED, at, st.timeSharingStartedMs, total, cfg.policyId(),
                Math.max(at, st.lastSeenMs)));
        st.timeSharingStartedMs = NONE;
    }
}
