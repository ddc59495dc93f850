package dev.heed.evaluation.scenario;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.aggregator.policy.AttentionSettings;
import dev.heed.evaluation.scenario.SceneScore.AlertTally;
import dev.heed.evaluation.scenario.SceneScore.Agreement;
import dev.heed.evaluation.scenario.SceneScore.DueOutcome;
import dev.heed.evaluation.scenario.SceneScore.PersonResult;
import dev.heed.evaluation.scenario.SceneScore.RaisedAlert;
import dev.heed.evaluation.scenario.SceneTruth.Person;
import dev.heed.evaluation.scenario.SceneTruth.Span;
import dev.heed.evaluation.scenario.SceneTruth.State;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AlertType;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionStateChange;
import dev.heed.proto.v1.PersonAttention;
import dev.heed.proto.v1.Visibility;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores what the pipeline published on one scene against its ground truth.
 * <ul>
 *   <li>Clip time: a frame's capture time minus its frame number's time (frame n at n / fps), from the sampled frames;
 *       every event time is turned into clip time with it.</li>
 *   <li>Tracks to people: each face box centre on heed.face-crops.v1 votes for the seat that contains it (the seat whose
 *       centre is nearest where seats overlap); a track belongs to the person whose seat got most of its votes, to
 *       nobody if none did.</li>
 *   <li>Alerts: RAISED records, matched to the due alerts of {@link DueAlerts}, each due alert at most once, earliest
 *       first; an alert matched to nothing (a second alert for one stretch, an alert for a glance, for somebody
 *       present, for a track in no seat) lowers the precision.</li>
 *   <li>State agreement: on a {@value #GRID_MS} ms grid up to the horizon, the person's state is that of the track
 *       whose last change is the latest among their tracks not absent (absent if all are, or before any was seen);
 *       FACE_HIDDEN counts as away.</li>
 * </ul>
 */
public final class SceneScorer {
    static final long GRID_MS = 10;
    /** "Within the first second" of the clip. */
    static final long FIRST_SECOND_MS = 1000;

    private SceneScorer() {
    }

    /** The clip time up to which the pipeline can have decided anything: the aggregator holds every event back by its grace. */
    public static long horizon(SceneTruth truth) {
        return truth.clip().durationMs() - AggregatorConfig.DEFAULT_GRACE.toMillis();
    }

    public static SceneScore score(SceneTruth truth, String file, Observations seen) {
        AttentionSettings policy = truth.settings();
        long horizon = horizon(truth);
        long anchor = anchor(truth, seen);
        Map<Long, Person> owner = assignTracks(truth, seen);
        Map<Person, List<Long>> tracksOf = new LinkedHashMap<>();
        truth.people().forEach(p -> tracksOf.put(p, new ArrayList<>()));
        seen.sightings().stream().sorted(Comparator.comparingLong(Observations.Sighting::captureTimeMs)).forEach(s -> {
            Person p = owner.get(s.trackId());
            if (p != null && !tracksOf.get(p).contains(s.trackId())) {
                tracksOf.get(p).add(s.trackId());
            }
        });

        // Alerts: RAISED records by person (or by nobody), in order of clip time.
        Map<Person, List<AttentionAlert>> raisedBy = new HashMap<>();
        List<AttentionAlert> nobodys = new ArrayList<>();
        Map<String, Long> readAt = new HashMap<>();
        for (Observations.ReadAlert r : seen.alerts()) {
            AttentionAlert a = r.alert();
            if (a.getState() != AlertState.RAISED || !SceneScore.TYPES.contains(a.getType())) {
                continue;
            }
            readAt.put(a.getAlertId(), r.readAtMs());
            Person p = owner.get(a.getTrackId());
            if (p == null) {
                nobodys.add(a);
            } else {
                raisedBy.computeIfAbsent(p, k -> new ArrayList<>()).add(a);
            }
        }

        Map<AlertType, List<Long>> delays = new EnumMap<>(AlertType.class);
        Map<AlertType, List<Long>> wallDelays = new EnumMap<>(AlertType.class);
        Map<AlertType, int[]> counts = new EnumMap<>(AlertType.class);
        for (AlertType t : SceneScore.TYPES) {
            delays.put(t, new ArrayList<>());
            wallDelays.put(t, new ArrayList<>());
            counts.put(t, new int[3]); // due, raised, matched
        }
        Map<Long, List<AttentionStateChange>> statesByTrack = new HashMap<>();
        for (AttentionStateChange c : seen.states()) {
            statesByTrack.computeIfAbsent(c.getTrackId(), k -> new ArrayList<>()).add(c);
        }
        statesByTrack.values().forEach(l -> l.sort(Comparator.comparingLong(AttentionStateChange::getSinceMs)));
        boolean haveStates = !seen.states().isEmpty();

        List<PersonResult> people = new ArrayList<>();
        Agreement all = Agreement.none();
        for (Person p : truth.people()) {
            List<DueAlerts.Due> due = DueAlerts.of(p, policy, horizon);
            Map<DueAlerts.Due, Long> delayOf = new HashMap<>();
            List<RaisedAlert> raised = new ArrayList<>();
            List<AttentionAlert> mine = new ArrayList<>(raisedBy.getOrDefault(p, List.of()));
            mine.sort(Comparator.comparingLong(AttentionAlert::getEventTimeMs));
            for (AttentionAlert a : mine) {
                long at = a.getEventTimeMs() - anchor;
                DueAlerts.Due hit = due.stream().filter(d -> d.type() == a.getType() && !delayOf.containsKey(d) && d.accepts(at))
                        .min(Comparator.comparingLong(DueAlerts.Due::dueMs)).orElse(null);
                counts.get(a.getType())[1]++;
                if (hit != null) {
                    delayOf.put(hit, at - hit.dueMs());
                    counts.get(a.getType())[2]++;
                    delays.get(a.getType()).add(at - hit.dueMs());
                    if (seen.realtime()) {
                        wallDelays.get(a.getType()).add(readAt.get(a.getAlertId()) - (anchor + hit.dueMs()));
                    }
                }
                raised.add(new RaisedAlert(a.getType(), a.getTrackId(), p.id(), at, hit == null ? null : hit.dueMs(), doing(p, at)));
            }
            List<DueOutcome> outcomes = new ArrayList<>();
            for (DueAlerts.Due d : due) {
                counts.get(d.type())[0]++;
                outcomes.add(new DueOutcome(d.type(), d.dueMs(), delayOf.get(d)));
            }
            List<Long> tracks = tracksOf.get(p);
            boolean presentAtStart = p.stateAt(0) != State.ABSENT;
            boolean found = seen.sightings().stream().anyMatch(s -> tracks.contains(s.trackId()) && s.visibility() == Visibility.VISIBILITY_FACE
                    && s.captureTimeMs() - anchor < FIRST_SECOND_MS);
            Agreement agreement = haveStates ? agreement(p, tracks, statesByTrack, anchor, horizon) : null;
            if (agreement != null) {
                all = all.plus(agreement);
            }
            people.add(new PersonResult(p.id(), List.copyOf(tracks), presentAtStart, found, outcomes, raised, agreement));
        }

        List<RaisedAlert> unassigned = new ArrayList<>();
        for (AttentionAlert a : nobodys) {
            counts.get(a.getType())[1]++;
            unassigned.add(new RaisedAlert(a.getType(), a.getTrackId(), null, a.getEventTimeMs() - anchor, null, "in no seat"));
        }
        Map<AlertType, AlertTally> tallies = new EnumMap<>(AlertType.class);
        for (AlertType t : SceneScore.TYPES) {
            int[] c = counts.get(t);
            boolean enabled = t != AlertType.ABSENT || policy.absentAlerts();
            tallies.put(t, new AlertTally(enabled, c[0], c[1], c[2], delays.get(t), wallDelays.get(t)));
        }
        long tracks = seen.sightings().stream().mapToLong(Observations.Sighting::trackId).distinct().count();
        int unassignedTracks = (int) seen.sightings().stream().mapToLong(Observations.Sighting::trackId).distinct()
                .filter(id -> !owner.containsKey(id)).count();
        return new SceneScore(truth.name(), file, truth.clip().durationMs(), horizon, seen.realtime(), seen.frames().size(),
                seen.sightings().size(), seen.poseEvents(), seen.states().size(), tallies, people, (int) tracks, unassignedTracks,
                unassigned, haveStates ? all : null, seen.losses());
    }

    /**
     * The capture time of clip time 0: a frame's capture time less its place in the clip. The earliest estimate over the
     * frames seen (all agree for a file read as ingest reads it; a late one would only mean a frame delivered late).
     */
    static long anchor(SceneTruth truth, Observations seen) {
        long anchor = Long.MAX_VALUE;
        for (Observations.Frame f : seen.frames()) {
            anchor = Math.min(anchor, f.captureTimeMs() - Math.round(f.frameNumber() * 1000 / truth.clip().fps()));
        }
        for (Observations.Sighting s : seen.sightings()) {
            anchor = Math.min(anchor, s.captureTimeMs() - Math.round(s.frameNumber() * 1000 / truth.clip().fps()));
        }
        return anchor == Long.MAX_VALUE ? 0 : anchor;
    }

    /** Each track to the person whose seat holds most of its face box centres; tracks in no seat are left out. */
    static Map<Long, Person> assignTracks(SceneTruth truth, Observations seen) {
        Map<Long, Map<Person, Integer>> votes = new TreeMap<>();
        for (Observations.Sighting s : seen.sightings()) {
            Person seat = seatAt(truth, s.centreX(), s.centreY());
            if (seat != null) {
                votes.computeIfAbsent(s.trackId(), k -> new LinkedHashMap<>()).merge(seat, 1, Integer::sum);
            }
        }
        Map<Long, Person> owner = new HashMap<>();
        votes.forEach((track, v) -> owner.put(track, v.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey()));
        return owner;
    }

    static Person seatAt(SceneTruth truth, double x, double y) {
        return truth.people().stream().filter(p -> p.seat().contains(x, y))
                .min(Comparator.comparingDouble(p -> p.seat().distanceToCentre(x, y))).orElse(null);
    }

    private static String doing(Person p, long at) {
        for (Span s : p.timeline()) {
            if (at < s.toMs()) {
                return s.state().label() + (s.kind() == null ? "" : " (" + s.kind().label() + ")");
            }
        }
        return p.stateAt(at).label();
    }

    private static Agreement agreement(Person p, List<Long> tracks, Map<Long, List<AttentionStateChange>> states, long anchor, long horizon) {
        long agreeing = 0;
        long scored = 0;
        Map<State, Long> agreeingBy = new EnumMap<>(State.class);
        Map<State, Long> scoredBy = new EnumMap<>(State.class);
        for (long t = 0; t < horizon; t += GRID_MS) {
            State truth = p.stateAt(t);
            State said = stateOf(tracks, states, anchor + t);
            scored += GRID_MS;
            scoredBy.merge(truth, GRID_MS, Long::sum);
            if (said == truth) {
                agreeing += GRID_MS;
                agreeingBy.merge(truth, GRID_MS, Long::sum);
            }
        }
        return new Agreement(agreeing, scored, agreeingBy, scoredBy);
    }

    /** The person's state at event time t by their tracks' state changes. */
    static State stateOf(List<Long> tracks, Map<Long, List<AttentionStateChange>> states, long t) {
        AttentionStateChange latest = null;
        for (long track : tracks) {
            AttentionStateChange last = null;
            for (AttentionStateChange c : states.getOrDefault(track, List.of())) {
                if (c.getSinceMs() <= t && c.getState() != PersonAttention.PERSON_ATTENTION_UNSPECIFIED) {
                    last = c;
                }
            }
            if (last == null) {
                continue;
            }
            if (last.getState() != PersonAttention.PERSON_ATTENTION_ABSENT && (latest == null || last.getSinceMs() > latest.getSinceMs())) {
                latest = last;
            }
        }
        if (latest == null) {
            return State.ABSENT;
        }
        return latest.getState() == PersonAttention.PERSON_ATTENTION_ATTENDING ? State.ATTENDING : State.AWAY;
    }
}
