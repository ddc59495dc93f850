package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionPolicy;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.topics.Topics;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policies from heed.attention-policies.v1: lookup order, changes without restart, deletion, overrides, invalid ones. */
class PolicyTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path stateDir;
    private TopologyHarness h;

    @BeforeEach
    void start() {
        h = new TopologyHarness(AggregatorConfig.defaults(stateDir));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /** A policy whose attending direction is yaw0 (the board), with the other fields left to the defaults. */
    private static AttentionPolicy.Builder towards(double yaw0) {
        return AttentionPolicy.newBuilder().setSchemaVersion(Topics.SCHEMA_VERSION).setYaw0Deg((float) yaw0);
    }

    private void poses(String camera, long track, String policyId, long from, long to, double yaw) {
        for (long t = from; t <= to; t += 100) {
            PoseEvent e = TopologyHarness.event(camera, track, t, yaw, 0, 0).toBuilder().setAttentionPolicyId(policyId).build();
            h.send(camera + "/" + track, e);
        }
    }

    private static List<String> summary(List<AttentionAlert> alerts) {
        return alerts.stream().map(a -> a.getCameraId() + "/" + a.getTrackId() + " " + a.getState() + " " + a.getType()
                + " " + a.getPolicyId()).toList();
    }

    @Test
    void theEventsPolicyComesFirstThenTheCamerasThenTheDefaults() {
        h.policy("cam-1", towards(60).build());
        h.policy("room-b", towards(-60).build());
        // Everybody looks at yaw 60 for 3 s.
        for (long t = T0; t <= T0 + 3000; t += 100) {
            poses("cam-1", 1, "", t, t, 60);        // camera policy: attending
            poses("cam-1", 2, "room-b", t, t, 60);  // its own policy: 120 degrees off, away
            poses("cam-2", 1, "", t, t, 60);        // no policy: defaults, away
            poses("cam-2", 2, "missing", t, t, 60); // a policy that does not exist: defaults, away
        }
        h.processUpTo(T0 + 3000);

        assertEquals(List.of("cam-1/2 RAISED LONG_DISTRACTION room-b", "cam-2/1 RAISED LONG_DISTRACTION default",
                "cam-2/2 RAISED LONG_DISTRACTION default"), summary(h.readAlerts()).stream().sorted().toList());
        assertEquals(AttentionState.ATTENDING, h.state(1).state());
        assertEquals("cam-1", h.state(1).settings().policyId());
    }

    @Test
    void aChangedPolicyAppliesToTheEventsThatArriveAfterItWithoutRestart() {
        poses("cam-1", 1, "", T0, T0 + 2900, 0);
        h.policy("cam-1", towards(60).build());
        // The person keeps looking at the camera, which is now 60 degrees off the board.
        poses("cam-1", 1, "", T0 + 3000, T0 + 6000, 0);
        h.processUpTo(T0 + 6000);

        List<AttentionAlert> alerts = h.readAlerts();
        assertEquals(List.of("RAISED LONG_DISTRACTION @6000 from 3000"), TopologyHarness.describe(alerts, T0),
                "events before the change, even those still in the reorder buffer then, kept the defaults");
        assertEquals("cam-1", alerts.get(0).getPolicyId());

        // A tombstone deletes the policy: the defaults apply again, and the camera is attending.
        h.policies.pipeInput("cam-1", null);
        poses("cam-1", 1, "", T0 + 6100, T0 + 7000, 0);
        h.processUpTo(T0 + 7000);
        assertEquals(List.of("CLEARED LONG_DISTRACTION @6100 from 3000"), TopologyHarness.describe(h.readAlerts(), T0));
        assertEquals("default", h.state(1).settings().policyId());
    }

    @Test
    void thresholdsAreOverriddenPerCamera() {
        h.policy("cam-1", towards(0).setLongDistractionMs(5000).setTimeSharingTotalMs(6000).setTimeSharingSpanMs(20_000)
                .setMinDwellMs(0).setHysteresisMarginDeg(0).build());
        poses("cam-1", 1, "", T0, T0 + 5000, -60);
        poses("cam-1", 1, "", T0 + 5100, T0 + 30_000, 0);
        h.processUpTo(T0 + 30_000);

        // Time-sharing 6 s within 20 s: raised at 6000 -- but the run ends at 5000, so only 5000 is away: not raised.
        assertEquals(List.of("RAISED LONG_DISTRACTION @5000 from 0", "CLEARED LONG_DISTRACTION @5100 from 0"),
                TopologyHarness.describe(h.readAlerts(), T0));

        poses("cam-1", 2, "", T0 + 30_000, T0 + 36_000, -60);
        poses("cam-1", 2, "", T0 + 36_100, T0 + 60_000, 0);
        h.processUpTo(T0 + 60_000);
        // The run is [30000, 36000]; the 20 s span ending at t holds less than 6 s again from 50001 on.
        assertEquals(List.of("RAISED LONG_DISTRACTION @35000 from 30000", "RAISED VISUAL_TIME_SHARING @36000 from 30000",
                "CLEARED LONG_DISTRACTION @36100 from 30000", "CLEARED VISUAL_TIME_SHARING @50001 from 30000"),
                TopologyHarness.describe(h.readAlerts(), T0));
    }

    @Test
    void absenceAlertsCanBeTurnedOnPerCamera() {
        h.policy("cam-1", towards(0).setAbsentAlerts(true).setAbsentAfterMs(2000).build());
        for (long t = T0; t <= T0 + 1000; t += 100) {
            poses("cam-1", 1, "", t, t, 0);
            poses("cam-2", 1, "", t, t, 0);
        }
        h.processUpTo(T0 + 6000);

        List<AttentionAlert> alerts = h.readAlerts();
        assertEquals(List.of("cam-1/1 RAISED ABSENT cam-1"), summary(alerts));
        assertEquals(T0 + 3000, alerts.get(0).getEventTimeMs());
    }

    @Test
    void anUndecodablePolicyRecordIsSkippedAndThePreviousVersionStays() {
        h.policy("cam-1", towards(60).build());
        h.driver.createInputTopic(Topics.ATTENTION_POLICIES.name(), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer()).pipeInput("cam-1", new byte[] {(byte) 0xFF, 1});
        poses("cam-1", 1, "", T0, T0 + 1000, 60);
        h.processUpTo(T0 + 1000);

        // (The test driver skips it with its own LogAndContinueExceptionHandler for global stores; on a broker the
        // aggregator's handler counts it: AggregatorServiceIntegrationTest.)
        assertEquals("cam-1", h.state(1).settings().policyId());
        assertEquals(AttentionState.ATTENDING, h.state(1).state());
    }

    @Test
    void anInvalidPolicyIsCountedOnceAndItsEventsGetTheDefaults() {
        // The 5 degree default margin is larger than this tolerance: no inner cone.
        h.policy("cam-1", towards(60).setYawToleranceDeg(4).build());
        poses("cam-1", 1, "", T0, T0 + 3000, 0);
        h.processUpTo(T0 + 3000);

        assertEquals(List.of(), h.readAlerts(), "the defaults: looking at the camera is attending");
        assertEquals("default", h.state(1).settings().policyId());
        assertEquals(1, h.metrics.invalidPolicies("cam-1"), "once per policy version, not per event");

        // Fixed: used from the next event on.
        h.policy("cam-1", towards(60).setYawToleranceDeg(4).setHysteresisMarginDeg(1).build());
        poses("cam-1", 1, "", T0 + 3100, T0 + 6100, 0);
        h.processUpTo(T0 + 6100);
        assertEquals(List.of("RAISED LONG_DISTRACTION @6100 from 3100"), TopologyHarness.describe(h.readAlerts(), T0));
        assertEquals(1, h.metrics.invalidPolicies("cam-1"));
    }
}
