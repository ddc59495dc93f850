package dev.heed.evaluation.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.ingest.preview.AttendingCone;
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
}
