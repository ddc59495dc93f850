package dev.heed.evaluation.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.aggregator.policy.AttentionSettings;
import dev.heed.ingest.preview.AttendingCone;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ingest's preview draws the aggregator's default cone for cameras without a policy, but ingest does not depend on the
 * aggregator: its copy of the defaults must stay what the aggregator uses.
 */
class PreviewConeDefaultsTest {
    @Test
    void ingestsDefaultConeIsTheAggregators() {
        assertEquals(LocalPipeline.cone(AggregatorConfig.DEFAULT_SETTINGS), AttendingCone.AGGREGATOR_DEFAULT);
    }

    /** ... and its shape the aggregator's: the same answer for every direction of a grid, the cone's edge included. */
    @Test
    void ingestsConeContainsWhatTheAggregatorCountsAsInTheCone() {
        AttentionSettings policy = new AttentionSettings("p", 170, -10, 40, 20, 5, 400, 0, 3000, 10_000, 30_000, 5000, false);
        for (AttentionSettings s : List.of(AggregatorConfig.DEFAULT_SETTINGS, policy)) {
            AttendingCone cone = LocalPipeline.cone(s);
            for (int yaw = -180; yaw <= 180; yaw++) {
                for (int pitch = -90; pitch <= 90; pitch++) {
                    assertEquals(s.inCone(yaw, pitch), cone.contains(yaw, pitch), s.policyId() + " at yaw " + yaw + ", pitch " + pitch);
                }
            }
        }
    }
}
