package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.aggregator.ProcessingGuarantee;
import dev.heed.aggregator.errors.DeserializationFailureHandler;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.DeadLetter;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.topics.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MalformedInputTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path stateDir;
    private TopologyHarness h;

    @AfterEach
    void stop() {
        h.close();
    }

    /** The test driver (4.3.1) does not surface dead-letter records under exactly_once_v2; the integration test checks them there. */
    private void atLeastOnce() {
        h = new TopologyHarness(AggregatorConfig.defaults(stateDir).withProcessingGuarantee(ProcessingGuarantee.AT_LEAST_ONCE));
    }

    @Test
    void anUndecodableRecordIsCountedDeadLetteredAndSkipped() {
        atLeastOnce();
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        h.poses(1, T0, T0 + 1000, 100, -60);
        h.rawPoses.pipeInput("cam-1/1", garbage, T0 + 1050);
        h.poses(1, T0 + 1100, T0 + 3000, 100, -60);
        h.processUpTo(T0 + 3000);

        assertEquals(AlertState.RAISED, h.alerts.readValue().getState(), "the topology kept processing");
        assertEquals(1, h.metrics.deserializationErrors());
        List<KeyValue<String, DeadLetter>> dead = h.deadLetters.readKeyValuesToList();
        assertEquals(1, dead.size());
        assertEquals("cam-1/1", dead.get(0).key);
        DeadLetter dl = dead.get(0).value;
        assertEquals(Topics.SCHEMA_VERSION, dl.getSchemaVersion());
        assertEquals("aggregator", dl.getService());
        assertEquals(Topics.POSE_EVENTS.name(), dl.getSourceTopic());
        assertEquals(11, dl.getSourceOffset());
        assertEquals(DeserializationFailureHandler.REASON_CODE, dl.getReasonCode());
        assertTrue(dl.getReason().contains("PoseEvent"), dl.getReason());
        assertArrayEquals(garbage, dl.getPayload().toByteArray());
    }

    @Test
    void unusableEventsAreCountedByReasonDeadLetteredAndDoNotTouchState() {
        atLeastOnce();
        h.pose(1, T0, -60);
        // Each would otherwise end or extend person 1's away run, move stream time, or crash the state machine.
        PoseEvent ok = TopologyHarness.event("cam-1", 1, T0 + 500, 0, 0, 0);
        h.send("cam-1/1", ok.toBuilder().setCaptureTimeMs(0).build());
        h.poses.pipeInput("cam-1/1", (PoseEvent) null, T0 + 600);
        h.send("no-track", ok);
        h.send("cam-1/1", ok.toBuilder().setYawDeg(Float.NaN).build());
        h.send("cam-1/1", ok.toBuilder().setSchemaVersion(Topics.SCHEMA_VERSION + 1).build());
        h.send("cam-1/1", ok.toBuilder().setCaptureTimeMs(System.currentTimeMillis() + 3_600_000).build());
        h.poses(1, T0 + 100, T0 + 3000, 100, -60);
        h.processUpTo(T0 + 3000);

        for (String reason : List.of(PoseEventValidator.REASON_NO_CAPTURE_TIME, PoseEventValidator.REASON_TOMBSTONE,
                PoseEventValidator.REASON_BAD_KEY, PoseEventValidator.REASON_NON_FINITE_ANGLE,
                PoseEventValidator.REASON_SCHEMA_VERSION, PoseEventValidator.REASON_CAPTURE_TIME_AHEAD)) {
            assertEquals(1, h.metrics.rejectedEvents(reason), reason);
        }
        assertEquals(31, h.metrics.events("cam-1"));
        assertEquals(0, h.metrics.lateEvents("cam-1"), "the event from the future did not move stream time");
        assertEquals(AlertState.RAISED, h.alerts.readValue().getState());
        assertEquals(T0, h.state(1).sinceMs());
        Set<String> reasons = h.deadLetters.readValuesToList().stream().map(DeadLetter::getReasonCode).collect(Collectors.toSet());
        assertEquals(Set.of(PoseEventValidator.REASON_NO_CAPTURE_TIME, PoseEventValidator.REASON_TOMBSTONE,
                PoseEventValidator.REASON_BAD_KEY, PoseEventValidator.REASON_NON_FINITE_ANGLE,
                PoseEventValidator.REASON_SCHEMA_VERSION, PoseEventValidator.REASON_CAPTURE_TIME_AHEAD), reasons);
    }

    @Test
    void underExactlyOnceBadEventsAreStillCountedAndSkipped() {
        h = new TopologyHarness(AggregatorConfig.defaults(stateDir));
        h.pose(1, T0, -60);
        h.send("no-track", TopologyHarness.event("cam-1", 1, T0 + 500, 0, 0, 0));
        h.poses(1, T0 + 100, T0 + 3000, 100, -60);
        h.processUpTo(T0 + 3000);
        assertEquals(1, h.metrics.rejectedEvents(PoseEventValidator.REASON_BAD_KEY));
        assertEquals(AlertState.RAISED, h.alerts.readValue().getState());
    }
}
