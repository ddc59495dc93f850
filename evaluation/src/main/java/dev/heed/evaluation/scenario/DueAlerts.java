package dev.heed.evaluation.scenario;

import dev.heed.aggregator.policy.AttentionSettings;
import dev.heed.evaluation.scenario.SceneTruth.Person;
import dev.heed.evaluation.scenario.SceneTruth.Span;
import dev.heed.evaluation.scenario.SceneTruth.State;
import dev.heed.proto.v1.AlertType;
import java.util.ArrayList;
import java.util.List;

/**
 * The alerts a person's ground truth makes due under a policy, by the aggregator's own rules applied to the truth
 * (evaluation/README.md, "Labelled scenes"):
 * <ul>
 *   <li>LONG_DISTRACTION: every continuous away stretch (adjacent away spans of any kind join) lasting at least the
 *       threshold is due at its start + the threshold;</li>
 *   <li>VISUAL_TIME_SHARING: due at each instant from which the away time within the span ending there reaches the
 *       total, once per stretch of time that condition holds;</li>
 *   <li>ABSENT (only where the policy enables it): every absence after the person was present that lasts longer than
 *       the absence threshold is due at its start + the threshold.</li>
 * </ul>
 * An alert matches a due one of the same type and person when it is raised within the due one's window: from the
 * start of the truth's away stretch (time-sharing and absence: {@link #SLACK_MS} before the due instant) to
 * {@link #SLACK_MS} after the stretch ends. Due instants after {@code horizonMs}, which the pipeline cannot have decided by the clip's end,
 * are not counted.
 */
public final class DueAlerts {
    /** How far outside the truth's stretch an alert still matches: sampling (200 ms at 5 frames/s) and the dwell filter. */
    public static final long SLACK_MS = 1000;
    /** The time-sharing rule is evaluated on this grid of clip time. */
    static final long GRID_MS = 10;

    /** An alert the truth makes due: at dueMs, matched by one raised within [fromMs, toMs]. */
    public record Due(AlertType type, String person, long dueMs, long fromMs, long toMs) {
        public boolean accepts(long raisedMs) {
            return raisedMs >= fromMs && raisedMs <= toMs;
        }
    }

    private DueAlerts() {
    }

    public static List<Due> of(Person person, AttentionSettings policy, long horizonMs) {
        List<Due> due = new ArrayList<>();
        for (long[] run : runs(person, State.AWAY)) {
            if (run[1] - run[0] >= policy.longDistractionMs()) {
                due.add(new Due(AlertType.LONG_DISTRACTION, person.id(), run[0] + policy.longDistractionMs(), run[0], run[1] + SLACK_MS));
            }
        }
        due.addAll(timeSharing(person, policy));
        if (policy.absentAlerts()) {
            for (long[] run : runs(person, State.ABSENT)) {
                // Absent from the start: the pipeline never saw the person, so nothing can be raised about them.
                if (run[0] > 0 && run[1] - run[0] > policy.absentAfterMs()) {
                    long at = run[0] + policy.absentAfterMs();
                    // Not from the leaving itself: an absence raised earlier is about a track lost before the person left.
                    due.add(new Due(AlertType.ABSENT, person.id(), at, at - SLACK_MS, run[1] + SLACK_MS));
                }
            }
        }
        due.removeIf(d -> d.dueMs() > horizonMs);
        return due;
    }

    /** Continuous stretches [from, to) in one state: adjacent spans of it (say turned, then down) are one stretch. */
    static List<long[]> runs(Person person, State state) {
        List<long[]> runs = new ArrayList<>();
        long[] open = null;
        for (Span s : person.timeline()) {
            if (s.state() == state) {
                if (open != null && open[1] == s.fromMs()) {
                    open[1] = s.toMs();
                } else {
                    open = new long[] {s.fromMs(), s.toMs()};
                    runs.add(open);
                }
            } else {
                open = null;
            }
        }
        return runs;
    }

    private static List<Due> timeSharing(Person person, AttentionSettings policy) {
        long end = person.timeline().get(person.timeline().size() - 1).toMs();
        int cells = (int) (end / GRID_MS) + 1;
        // away[i]: away time in [0, i * GRID_MS), so the away time in any window is a difference of two entries.
        long[] away = new long[cells + 1];
        for (int i = 0; i < cells; i++) {
            long t = i * GRID_MS;
            away[i + 1] = away[i] + (person.stateAt(t) == State.AWAY && t < end ? GRID_MS : 0);
        }
        List<Due> due = new ArrayList<>();
        long episodeStart = -1;
        int spanCells = (int) (policy.timeSharingSpanMs() / GRID_MS);
        for (int i = 0; i <= cells; i++) {
            long within = away[i] - away[Math.max(0, i - spanCells)];
            boolean holds = within >= policy.timeSharingTotalMs();
            long t = i * GRID_MS;
            if (holds && episodeStart < 0) {
                episodeStart = t;
            } else if (!holds && episodeStart >= 0) {
                due.add(new Due(AlertType.VISUAL_TIME_SHARING, person.id(), episodeStart, episodeStart - SLACK_MS, t + SLACK_MS));
                episodeStart = -1;
            }
        }
        if (episodeStart >= 0) {
            due.add(new Due(AlertType.VISUAL_TIME_SHARING, person.id(), episodeStart, episodeStart - SLACK_MS, end + SLACK_MS));
        }
        return due;
    }
}
