package dev.heed.evaluation.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.aggregator.policy.AttentionSettings;
import dev.heed.evaluation.scenario.DueAlerts.Due;
import dev.heed.evaluation.scenario.SceneTruth.AwayKind;
import dev.heed.evaluation.scenario.SceneTruth.Person;
import dev.heed.evaluation.scenario.SceneTruth.Seat;
import dev.heed.evaluation.scenario.SceneTruth.Span;
import dev.heed.evaluation.scenario.SceneTruth.State;
import dev.heed.proto.v1.AlertType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DueAlertsTest {
    private static final AttentionSettings DEFAULTS = AggregatorConfig.DEFAULT_SETTINGS;
    private static final AttentionSettings WITH_ABSENT = new AttentionSettings("p", 0, 0, 30, 25, 5, 400, 0, 3_000, 10_000, 30_000, 5_000, true);

    /** A person from alternating states: (state, seconds) pairs, starting at 0. */
    private static Person person(Object... stateAndSeconds) {
        List<Span> spans = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < stateAndSeconds.length; i += 2) {
            Object s = stateAndSeconds[i];
            long to = t + Math.round(((Number) stateAndSeconds[i + 1]).doubleValue() * 1000);
            spans.add(s instanceof AwayKind k ? new Span(State.AWAY, k, t, to) : new Span((State) s, null, t, to));
            t = to;
        }
        return new Person("p", new Seat(0, 0, 10, 10), spans);
    }

    private static List<Due> of(AlertType type, Person p, AttentionSettings policy) {
        return DueAlerts.of(p, policy, Long.MAX_VALUE).stream().filter(d -> d.type() == type).toList();
    }

    @Test
    void longDistractionIsDueAtItsThresholdInclusiveOncePerStretch() {
        List<Due> exactly = of(AlertType.LONG_DISTRACTION, person(State.ATTENDING, 2, AwayKind.TURNED, 3, State.ATTENDING, 5), DEFAULTS);
        assertEquals(List.of(new Due(AlertType.LONG_DISTRACTION, "p", 5_000, 2_000, 6_000)), exactly);
        assertTrue(of(AlertType.LONG_DISTRACTION, person(State.ATTENDING, 2, AwayKind.GLANCE, 2.99, State.ATTENDING, 5), DEFAULTS).isEmpty());
        // Turned, then down without looking back: one stretch of 4 s, one alert.
        List<Due> joined = of(AlertType.LONG_DISTRACTION, person(State.ATTENDING, 1, AwayKind.TURNED, 2, AwayKind.DOWN, 2, State.ATTENDING, 5),
                DEFAULTS);
        assertEquals(1, joined.size());
        assertEquals(4_000, joined.get(0).dueMs());
        assertTrue(joined.get(0).accepts(5_999) && joined.get(0).accepts(1_000) && !joined.get(0).accepts(6_001) && !joined.get(0).accepts(999));
    }

    @Test
    void timeSharingIsDueWhenTheAwayTimeWithinTheSpanReachesTheTotal() {
        // Four glances of 2.5 s, 1.5 s apart from 3 s on: 10 s away at 17.5 s; none reaches 3 s.
        Person glancer = person(State.ATTENDING, 3, AwayKind.GLANCE, 2.5, State.ATTENDING, 1.5, AwayKind.GLANCE, 2.5, State.ATTENDING, 1.5,
                AwayKind.GLANCE, 2.5, State.ATTENDING, 1.5, AwayKind.GLANCE, 2.5, State.ATTENDING, 12.5);
        List<Due> due = of(AlertType.VISUAL_TIME_SHARING, glancer, DEFAULTS);
        assertEquals(1, due.size(), due.toString());
        assertEquals(17_500, due.get(0).dueMs());
        // It holds until the first glance leaves the 30 s span: from 33 s the total is 7.5 s, but the clip ends at 30 s.
        assertEquals(31_000, due.get(0).toMs());
        assertTrue(of(AlertType.LONG_DISTRACTION, glancer, DEFAULTS).isEmpty());
        // Three such glances are 7.5 s: not due.
        Person three = person(State.ATTENDING, 3, AwayKind.GLANCE, 2.5, State.ATTENDING, 1.5, AwayKind.GLANCE, 2.5, State.ATTENDING, 1.5,
                AwayKind.GLANCE, 2.5, State.ATTENDING, 20);
        assertTrue(of(AlertType.VISUAL_TIME_SHARING, three, DEFAULTS).isEmpty());
    }

    @Test
    void timeSharingEndsWhenTheTotalFallsBelowAndCanBeDueAgain() {
        // 10 s away, 40 s attending, 10 s away again: two episodes.
        Person p = person(AwayKind.TURNED, 10, State.ATTENDING, 40, AwayKind.TURNED, 10, State.ATTENDING, 5);
        List<Due> due = of(AlertType.VISUAL_TIME_SHARING, p, DEFAULTS);
        assertEquals(2, due.size(), due.toString());
        assertEquals(10_000, due.get(0).dueMs());
        assertEquals(60_000, due.get(1).dueMs());
        // The first holds until 30 s after its last away instant pushes the total under 10 s: 30.01 s, plus the slack.
        assertTrue(due.get(0).toMs() > 30_000 && due.get(0).toMs() <= 30_010 + DueAlerts.SLACK_MS, due.toString());
    }

    @Test
    void absenceIsDueOnlyWhereThePolicyRaisesItAndOnlyAfterPresence() {
        Person leaver = person(State.ATTENDING, 5, State.ABSENT, 9);
        assertTrue(of(AlertType.ABSENT, leaver, DEFAULTS).isEmpty(), "ABSENT alerts are off by default");
        assertEquals(List.of(new Due(AlertType.ABSENT, "p", 10_000, 9_000, 15_000)), of(AlertType.ABSENT, leaver, WITH_ABSENT));
        assertTrue(of(AlertType.ABSENT, person(State.ABSENT, 8, State.ATTENDING, 6), WITH_ABSENT).isEmpty(),
                "never seen before: nothing can be raised");
        assertTrue(of(AlertType.ABSENT, person(State.ATTENDING, 2, State.ABSENT, 5, State.ATTENDING, 3), WITH_ABSENT).isEmpty(),
                "a gap of exactly the threshold is not an absence");
        assertEquals(1, of(AlertType.ABSENT, person(State.ATTENDING, 2, State.ABSENT, 5.01, State.ATTENDING, 3), WITH_ABSENT).size());
    }

    @Test
    void dueInstantsPastTheHorizonAreLeftOut() {
        Person late = person(State.ATTENDING, 10, AwayKind.TURNED, 4, State.ATTENDING, 1);
        assertEquals(1, DueAlerts.of(late, DEFAULTS, 13_000).size());
        assertFalse(DueAlerts.of(late, DEFAULTS, 12_999).stream().anyMatch(d -> d.type() == AlertType.LONG_DISTRACTION));
    }
}
