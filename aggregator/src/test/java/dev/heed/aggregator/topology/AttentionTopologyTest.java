package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

/**
 * Store names are part of the deployed state (changelog topics); renaming one silently loses state. Pose
 * events must be read once: the only repartition carries closed person windows (and progress) to their camera.
 */
class AttentionTopologyTest {
    @TempDir
    Path stateDir;

    @Test
    void storesHaveStableNamesAndOnlyPersonWindowsAreRepartitioned() {
        StreamsBuilder builder = new StreamsBuilder();
        AttentionTopology.build(builder, AggregatorConfig.defaults(stateDir), new AggregatorMetrics(new PrometheusRegistry()));
        TopologyDescription description = builder.build().describe();

        Set<String> stores = new TreeSet<>();
        Set<String> sourceTopics = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor p) {
                    stores.addAll(p.stores());
                }
                if (node instanceof TopologyDescription.Source s) {
                    sourceTopics.addAll(s.topicSet());
                }
            }
        }
        assertEquals(Set.of(PersonAttentionProcessor.STATE_STORE, CameraWindowsProcessor.WINDOW_STORE,
                CameraWindowsProcessor.PROGRESS_STORE), stores);
        assertEquals(Set.of("heed.pose-events.v1", "camera-feed-repartition"), sourceTopics);
        assertEquals(2, description.subtopologies().size(), description.toString());
        assertEquals(1, description.globalStores().size());
        assertEquals(Set.of(AttentionTopology.POLICY_STORE),
                Set.copyOf(description.globalStores().iterator().next().processor().stores()));
    }
}
