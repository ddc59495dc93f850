package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.aggregator.AggregatorMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Store names are part of the deployed state (changelog topics); renaming one silently loses state. */
class AttentionTopologyTest {
    @TempDir
    Path stateDir;

    @Test
    void storesHaveStableNamesAndNothingIsRepartitioned() {
        StreamsBuilder builder = new StreamsBuilder();
        AttentionTopology.build(builder, AggregatorConfig.defaults(stateDir), new AggregatorMetrics(new PrometheusRegistry()));
        TopologyDescription description = builder.build().describe();

        Set<String> stores = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor p) {
                    stores.addAll(p.stores());
                }
            }
        }
        assertEquals(Set.of("attention-window-10s", "attention-window-10s-until-closed-store", "attention-window-60s",
                "attention-window-60s-until-closed-store", LongDistractionProcessor.STORE), stores);
        assertEquals(1, description.subtopologies().size());
        assertFalse(description.toString().contains("repartition"), description.toString());
    }
}
