package dev.heed.evaluation.scenario;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the services counted as lost while they ran a scene, read from their own metrics: frames ingest dropped
 * because it was behind a real-time clip, crops it could not publish, crops inference skipped as too old or
 * dead-lettered, pose events the aggregator dropped as late or rejected. A scene's figures mean little when these
 * are not zero, so the report shows them beside the figures.
 */
public final class PipelineLosses {
    /** Report key to the counter's name (without _total, as the registry names it). */
    static final Map<String, String> COUNTERS = counters();

    private PipelineLosses() {
    }

    private static Map<String, String> counters() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("frames_dropped_by_ingest", "heed_ingest_frames_dropped");
        m.put("crops_not_published", "heed_ingest_publish_errors");
        m.put("crops_skipped_as_stale", "heed_inference_skipped_stale");
        m.put("crops_dead_lettered", "heed_inference_dead_lettered");
        m.put("pose_events_late", "heed_aggregator_late_events");
        m.put("pose_events_rejected", "heed_aggregator_rejected_events");
        return m;
    }

    /** Every counter of {@link #COUNTERS}, summed over its labels (0 for one not registered). */
    public static Map<String, Long> read(PrometheusRegistry registry) {
        Map<String, Long> losses = new LinkedHashMap<>();
        COUNTERS.keySet().forEach(k -> losses.put(k, 0L));
        for (MetricSnapshot s : registry.scrape()) {
            if (s instanceof CounterSnapshot c) {
                COUNTERS.forEach((key, name) -> {
                    if (c.getMetadata().getName().equals(name)) {
                        long sum = Math.round(c.getDataPoints().stream().mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum());
                        losses.put(key, sum);
                    }
                });
            }
        }
        return losses;
    }
}
