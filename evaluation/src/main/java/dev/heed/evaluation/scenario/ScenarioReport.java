package dev.heed.evaluation.scenario;

import dev.heed.evaluation.scenario.SceneScore.AlertTally;
import dev.heed.evaluation.scenario.SceneScore.Agreement;
import dev.heed.evaluation.scenario.SceneScore.DueOutcome;
import dev.heed.evaluation.scenario.SceneScore.PersonResult;
import dev.heed.evaluation.scenario.SceneScore.RaisedAlert;
import dev.heed.evaluation.scenario.SceneTruth.State;
import dev.heed.proto.v1.AlertType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scenario evaluation's output: per scene and in total, as text lines (a table per scene, then what went wrong
 * by name) or as one JSON object (evaluation/README.md lists its keys).
 */
public final class ScenarioReport {
    /** Missed and false alerts listed by name per scene in the text output; the rest are counted. */
    static final int MAX_DETAIL_LINES = 20;

    private final List<SceneScore> scenes;
    private final Map<String, Object> config;

    public ScenarioReport(List<SceneScore> scenes, Map<String, Object> config) {
        this.scenes = List.copyOf(scenes);
        this.config = config;
    }

    public List<SceneScore> scenes() {
        return scenes;
    }

    /** The alert figures of all scenes together. */
    public Map<AlertType, AlertTally> totalAlerts() {
        Map<AlertType, AlertTally> total = new EnumMap<>(AlertType.class);
        for (AlertType t : SceneScore.TYPES) {
            boolean enabled = false;
            int due = 0;
            int raised = 0;
            int matched = 0;
            List<Long> delays = new ArrayList<>();
            List<Long> wall = new ArrayList<>();
            for (SceneScore s : scenes) {
                AlertTally a = s.alerts().get(t);
                enabled |= a.enabled();
                due += a.due();
                raised += a.raised();
                matched += a.matched();
                delays.addAll(a.delaysMs());
                wall.addAll(a.wallDelaysMs());
            }
            total.put(t, new AlertTally(enabled, due, raised, matched, delays, wall));
        }
        return total;
    }

    /** State agreement over all scenes that have state records, or null when none has. */
    public Agreement totalAgreement() {
        Agreement all = null;
        for (SceneScore s : scenes) {
            if (s.agreement() != null) {
                all = all == null ? s.agreement() : all.plus(s.agreement());
            }
        }
        return all;
    }

    // ---- JSON

    public Map<String, Object> toMap() {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object> list = new ArrayList<>();
        for (SceneScore s : scenes) {
            list.add(sceneMap(s));
        }
        root.put("scenes", list);
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("scenes", scenes.size());
        total.put("people", scenes.stream().mapToInt(s -> s.people().size()).sum());
        total.put("alerts", alertsMap(totalAlerts()));
        Map<String, Object> ids = new LinkedHashMap<>();
        ids.put("tracks", scenes.stream().mapToInt(SceneScore::tracks).sum());
        ids.put("switches", scenes.stream().mapToInt(SceneScore::switches).sum());
        ids.put("people_with_switches", scenes.stream().mapToLong(s -> s.people().stream().filter(p -> p.switches() > 0).count()).sum());
        ids.put("unassigned_tracks", scenes.stream().mapToInt(SceneScore::unassignedTracks).sum());
        total.put("track_ids", ids);
        int present = scenes.stream().mapToInt(SceneScore::presentAtStart).sum();
        int found = scenes.stream().mapToInt(SceneScore::foundInFirstSecond).sum();
        total.put("found_in_first_second", firstSecondMap(found, present, null));
        total.put("state_agreement", agreementMap(totalAgreement(), scenes.stream().mapToLong(SceneScore::stateRecords).sum()));
        root.put("total", total);
        root.put("config", config);
        return root;
    }

    private static Map<String, Object> sceneMap(SceneScore s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scene", s.scene());
        m.put("file", s.file());
        m.put("people", s.people().size());
        m.put("duration_s", s.durationMs() / 1000.0);
        m.put("scored_until_s", s.horizonMs() / 1000.0);
        m.put("frames", s.frames());
        m.put("faces", s.faces());
        m.put("pose_events", s.poseEvents());
        m.put("losses", s.losses());
        m.put("alerts", alertsMap(s.alerts()));
        Map<String, Object> ids = new LinkedHashMap<>();
        ids.put("tracks", s.tracks());
        ids.put("switches", s.switches());
        ids.put("people_with_switches", s.people().stream().filter(p -> p.switches() > 0).count());
        ids.put("unassigned_tracks", s.unassignedTracks());
        m.put("track_ids", ids);
        List<String> missing = s.people().stream().filter(p -> p.presentAtStart() && !p.foundInFirstSecond()).map(PersonResult::id).toList();
        m.put("found_in_first_second", firstSecondMap(s.foundInFirstSecond(), s.presentAtStart(), missing));
        m.put("state_agreement", agreementMap(s.agreement(), s.stateRecords()));
        List<Object> people = new ArrayList<>();
        for (PersonResult p : s.people()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("id", p.id());
            pm.put("track_ids", p.trackIds());
            pm.put("switches", p.switches());
            pm.put("found_in_first_second", p.presentAtStart() ? p.foundInFirstSecond() : null);
            pm.put("state_agreement", p.agreement() == null ? null : p.agreement().share());
            List<Object> due = new ArrayList<>();
            for (DueOutcome d : p.due()) {
                Map<String, Object> dm = new LinkedHashMap<>();
                dm.put("type", key(d.type()));
                dm.put("due_s", d.dueMs() / 1000.0);
                dm.put("matched", d.matched());
                dm.put("delay_ms", d.delayMs());
                due.add(dm);
            }
            pm.put("due", due);
            List<Object> raised = new ArrayList<>();
            for (RaisedAlert r : p.raised()) {
                raised.add(raisedMap(r));
            }
            pm.put("raised", raised);
            people.add(pm);
        }
        m.put("people_detail", people);
        List<Object> unassigned = new ArrayList<>();
        s.unassignedAlerts().forEach(r -> unassigned.add(raisedMap(r)));
        m.put("alerts_of_unassigned_tracks", unassigned);
        return m;
    }

    private static Map<String, Object> raisedMap(RaisedAlert r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", key(r.type()));
        m.put("track_id", r.trackId());
        m.put("raised_s", r.raisedMs() / 1000.0);
        m.put("matched", r.matched());
        m.put("truth_then", r.truthThen());
        return m;
    }

    private static Map<String, Object> alertsMap(Map<AlertType, AlertTally> alerts) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (AlertType t : SceneScore.TYPES) {
            AlertTally a = alerts.get(t);
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("enabled", a.enabled());
            am.put("due", a.due());
            am.put("raised", a.raised());
            am.put("matched", a.matched());
            am.put("recall", a.recall());
            am.put("precision", a.precision());
            am.put("delay_ms", stats(a.delaysMs()));
            am.put("wall_delay_ms", a.wallDelaysMs().isEmpty() ? null : stats(a.wallDelaysMs()));
            m.put(key(t), am);
        }
        return m;
    }

    private static Map<String, Object> stats(List<Long> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", values.stream().mapToLong(Long::longValue).average().orElse(Double.NaN));
        m.put("max", values.isEmpty() ? null : values.stream().mapToLong(Long::longValue).max().getAsLong());
        return m;
    }

    private static Map<String, Object> firstSecondMap(int found, int present, List<String> missing) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("found", found);
        m.put("present", present);
        m.put("share", present == 0 ? Double.NaN : found / (double) present);
        if (missing != null) {
            m.put("missing", missing);
        }
        return m;
    }

    private static Map<String, Object> agreementMap(Agreement a, long records) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records", records);
        m.put("share", a == null ? null : a.share());
        for (State s : State.values()) {
            m.put(s.label(), a == null ? null : a.share(s));
        }
        return m;
    }

    static String key(AlertType t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    // ---- text

    public List<String> toLines() {
        List<String> lines = new ArrayList<>();
        for (SceneScore s : scenes) {
            lines.add(String.format(Locale.ROOT, "scene %s (%s): %d people, %.1f s (scored to %.1f s); %d frames, %d faces, %d pose events",
                    s.scene(), s.file(), s.people().size(), s.durationMs() / 1000.0, s.horizonMs() / 1000.0, s.frames(), s.faces(),
                    s.poseEvents()));
            List<String> lost = s.losses().entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> e.getValue() + " " + e.getKey().replace('_', ' ')).toList();
            if (!lost.isEmpty()) {
                lines.add("  LOSSES (the figures below are of what was left): " + String.join(", ", lost));
            }
            table(lines, s.alerts(), s.realtime());
            lines.add(String.format(Locale.ROOT, "  track ids: %d for %d people, %d switch(es)%s; %d track(s) in no seat", s.tracks(),
                    s.people().size(), s.switches(), switchList(s), s.unassignedTracks()));
            List<String> missing = s.people().stream().filter(p -> p.presentAtStart() && !p.foundInFirstSecond()).map(PersonResult::id).toList();
            lines.add(String.format(Locale.ROOT, "  faces found in the first second: %d of %d%s", s.foundInFirstSecond(), s.presentAtStart(),
                    missing.isEmpty() ? "" : " (not found: " + String.join(", ", missing) + ")"));
            lines.add("  state agreement: " + agreementText(s.agreement()));
            List<String> details = new ArrayList<>();
            for (PersonResult p : s.people()) {
                for (DueOutcome d : p.due()) {
                    if (!d.matched()) {
                        details.add(String.format(Locale.ROOT, "  missed: %s for %s, due at %.1f s", key(d.type()), p.id(), d.dueMs() / 1000.0));
                    }
                }
                for (RaisedAlert r : p.raised()) {
                    if (!r.matched()) {
                        details.add(String.format(Locale.ROOT, "  false: %s for %s (track %d) at %.1f s, while %s", key(r.type()), p.id(),
                                r.trackId(), r.raisedMs() / 1000.0, r.truthThen()));
                    }
                }
            }
            for (RaisedAlert r : s.unassignedAlerts()) {
                details.add(String.format(Locale.ROOT, "  false: %s for track %d at %.1f s, a track in no seat", key(r.type()), r.trackId(),
                        r.raisedMs() / 1000.0));
            }
            lines.addAll(details.subList(0, Math.min(details.size(), MAX_DETAIL_LINES)));
            if (details.size() > MAX_DETAIL_LINES) {
                lines.add(String.format(Locale.ROOT, "  ... and %d more missed or false alerts (--json lists every one per person)",
                        details.size() - MAX_DETAIL_LINES));
            }
        }
        if (scenes.size() > 1) {
            lines.add(String.format(Locale.ROOT, "total over %d scenes, %d people:", scenes.size(),
                    scenes.stream().mapToInt(s -> s.people().size()).sum()));
            table(lines, totalAlerts(), scenes.stream().anyMatch(SceneScore::realtime));
            int present = scenes.stream().mapToInt(SceneScore::presentAtStart).sum();
            lines.add(String.format(Locale.ROOT, "  track id switches: %d; faces found in the first second: %d of %d; state agreement: %s",
                    scenes.stream().mapToInt(SceneScore::switches).sum(), scenes.stream().mapToInt(SceneScore::foundInFirstSecond).sum(),
                    present, agreementText(totalAgreement())));
        }
        return lines;
    }

    private static void table(List<String> lines, Map<AlertType, AlertTally> alerts, boolean wall) {
        lines.add(String.format(Locale.ROOT, "  %-20s %4s %7s %8s %7s %10s  %s", "alert", "due", "raised", "matched", "recall", "precision",
                wall ? "delay mean/max (event time; wall clock)" : "delay mean/max (event time)"));
        for (AlertType t : SceneScore.TYPES) {
            AlertTally a = alerts.get(t);
            if (!a.enabled()) {
                lines.add(String.format(Locale.ROOT, "  %-20s %s", key(t), "off in this policy"));
                continue;
            }
            String delay = delays(a.delaysMs()) + (wall && !a.wallDelaysMs().isEmpty() ? "; " + delays(a.wallDelaysMs()) : "");
            lines.add(String.format(Locale.ROOT, "  %-20s %4d %7d %8d %7s %10s  %s", key(t), a.due(), a.raised(), a.matched(), percent(a.recall()),
                    percent(a.precision()), delay));
        }
    }

    private static String delays(List<Long> ms) {
        if (ms.isEmpty()) {
            return "-";
        }
        double mean = ms.stream().mapToLong(Long::longValue).average().orElseThrow() / 1000.0;
        double max = ms.stream().mapToLong(Long::longValue).max().orElseThrow() / 1000.0;
        return String.format(Locale.ROOT, "%.1f / %.1f s", mean, max);
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.0f %%", 100 * share);
    }

    private static String switchList(SceneScore s) {
        List<String> who = s.people().stream().filter(p -> p.switches() > 0).map(p -> p.id() + " +" + p.switches()).toList();
        return who.isEmpty() ? "" : " (" + String.join(", ", who) + ")";
    }

    private static String agreementText(Agreement a) {
        if (a == null) {
            return "n/a (nothing was published on heed.attention-states.v1)";
        }
        return String.format(Locale.ROOT, "%s of the time (attending %s, away %s, absent %s)", percent(a.share()),
                percent(a.share(State.ATTENDING)), percent(a.share(State.AWAY)), percent(a.share(State.ABSENT)));
    }
}
