package dev.heed.evaluation.scenario;

import dev.heed.evaluation.scenario.SceneTruth.State;
import dev.heed.proto.v1.AlertType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one scene ({@link SceneScorer} works them out). Times are clip time, ms.
 *
 * @param scene       the scene's name
 * @param file        the scene file as given
 * @param horizonMs   the clip time up to which the pipeline can have decided anything (the clip's end less the
 *                    aggregator's grace): due alerts and state agreement are scored up to it
 * @param frames      sampled frames seen on heed.frame-summaries.v1
 * @param faces       records seen on heed.face-crops.v1
 * @param poseEvents  records seen on heed.pose-events.v1
 * @param stateRecords records seen on heed.attention-states.v1
 * @param alerts      per alert type (LONG_DISTRACTION, VISUAL_TIME_SHARING, ABSENT)
 * @param people      per person of the truth, in its order
 * @param tracks      distinct track ids seen
 * @param unassignedTracks tracks whose face was in nobody's seat
 * @param unassignedAlerts alerts raised for those tracks (each counted as unmatched)
 * @param agreement   the share of time the pipeline's state agreed with the truth, over all people; null when
 *                    nothing was published on heed.attention-states.v1
 * @param losses      what the services counted as lost ({@link PipelineLosses})
 */
public record SceneScore(String scene, String file, long durationMs, long horizonMs, boolean realtime, long frames, long faces,
                         long poseEvents, long stateRecords, Map<AlertType, AlertTally> alerts, List<PersonResult> people, int tracks,
                         int unassignedTracks, List<RaisedAlert> unassignedAlerts, Agreement agreement, Map<String, Long> losses) {

    /** The alert types scored, in the order reported. */
    public static final List<AlertType> TYPES = List.of(AlertType.LONG_DISTRACTION, AlertType.VISUAL_TIME_SHARING, AlertType.ABSENT);

    /**
     * @param enabled    false for ABSENT where the policy does not raise it
     * @param due        alerts the truth makes due (up to the horizon)
     * @param raised     RAISED records of this type
     * @param matched    raised alerts matched to a due one (at most one per due alert)
     * @param delaysMs   per matched alert: its event time minus the due instant
     * @param wallDelaysMs per matched alert in a real-time run: when it was read minus the wall-clock instant the due
     *                   instant was captured; empty otherwise
     */
    public record AlertTally(boolean enabled, int due, int raised, int matched, List<Long> delaysMs, List<Long> wallDelaysMs) {
        public double recall() {
            return due == 0 ? Double.NaN : matched / (double) due;
        }

        public double precision() {
            return raised == 0 ? Double.NaN : matched / (double) raised;
        }
    }

    /**
     * An alert the pipeline raised: its person (null when its track sat in no seat), the due instant it matched (null:
     * none, a false alert), and what the truth says the person was doing when it was raised (e.g. "away (glance)").
     */
    public record RaisedAlert(AlertType type, long trackId, String person, long raisedMs, Long dueMs, String truthThen) {
        public boolean matched() {
            return dueMs != null;
        }
    }

    /** A due alert and the delay of the alert that matched it (null when missed). */
    public record DueOutcome(AlertType type, long dueMs, Long delayMs) {
        public boolean matched() {
            return delayMs != null;
        }
    }

    /**
     * @param trackIds          the tracks assigned to the person (their face box centre mostly in the person's seat),
     *                          in order of appearance
     * @param presentAtStart    the truth has the person present at clip time 0
     * @param foundInFirstSecond one of their tracks has a detected face in the first second
     * @param agreement         share of time their state agreed with the truth; null without state records
     */
    public record PersonResult(String id, List<Long> trackIds, boolean presentAtStart, boolean foundInFirstSecond, List<DueOutcome> due,
                               List<RaisedAlert> raised, Agreement agreement) {
        /** Track ids used by the person beyond the first. */
        public int switches() {
            return Math.max(0, trackIds.size() - 1);
        }
    }

    /** Time the pipeline's state agreed with the truth, of the time scored, in all and by the truth's state. */
    public record Agreement(long agreeingMs, long scoredMs, Map<State, Long> agreeingByState, Map<State, Long> scoredByState) {
        public static Agreement none() {
            return new Agreement(0, 0, new EnumMap<>(State.class), new EnumMap<>(State.class));
        }

        public double share() {
            return scoredMs == 0 ? Double.NaN : agreeingMs / (double) scoredMs;
        }

        public double share(State truth) {
            long scored = scoredByState.getOrDefault(truth, 0L);
            return scored == 0 ? Double.NaN : agreeingByState.getOrDefault(truth, 0L) / (double) scored;
        }

        public Agreement plus(Agreement o) {
            Map<State, Long> agreeing = new EnumMap<>(State.class);
            Map<State, Long> scored = new EnumMap<>(State.class);
            for (State s : State.values()) {
                agreeing.put(s, agreeingByState.getOrDefault(s, 0L) + o.agreeingByState.getOrDefault(s, 0L));
                scored.put(s, scoredByState.getOrDefault(s, 0L) + o.scoredByState.getOrDefault(s, 0L));
            }
            return new Agreement(agreeingMs + o.agreeingMs, scoredMs + o.scoredMs, agreeing, scored);
        }
    }

    public int presentAtStart() {
        return (int) people.stream().filter(PersonResult::presentAtStart).count();
    }

    public int foundInFirstSecond() {
        return (int) people.stream().filter(p -> p.presentAtStart() && p.foundInFirstSecond()).count();
    }

    public int switches() {
        return people.stream().mapToInt(PersonResult::switches).sum();
    }
}
