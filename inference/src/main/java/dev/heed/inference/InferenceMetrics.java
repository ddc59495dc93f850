package dev.heed.inference;

import dev.heed.proto.v1.Visibility;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The inference service's Prometheus metrics, registered on the registry it is given. Throughput is the rate of
 * {@code heed_inference_events_total} (pose events per second); {@code heed_inference_batch_size} and
 * {@code heed_inference_batch_wait_seconds} show what micro-batching gathers and what it costs in latency.
 */
public final class InferenceMetrics {
    private final Histogram batchSize;
    private final Histogram latency;
    private final Histogram batchWait;
    private final Histogram captureToEvent;
    private final Info modelInfo;
    private final Counter events;
    private final Counter skippedStale;
    private final Counter deadLettered;
    private final Counter passedThrough;

    public InferenceMetrics(PrometheusRegistry registry) {
        batchSize = Histogram.builder()
                .name("heed_inference_batch_size")
                .help("Crops per model run (mirror images not counted)")
                .classicOnly()
                .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
                .register(registry);
        latency = Histogram.builder()
                .name("heed_inference_model_run_seconds")
                .help("Time of one model run over a batch, preprocessing and decoding included")
                .unit(Unit.SECONDS)
                .classicOnly()
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
                .register(registry);
        batchWait = Histogram.builder()
                .name("heed_inference_batch_wait_seconds")
                .help("How long the oldest crop of a batch waited for the batch to fill (bounded by --max-wait-ms)")
                .unit(Unit.SECONDS)
                .classicOnly()
                .classicUpperBounds(0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 5)
                .register(registry);
        modelInfo = Info.builder()
                .name("heed_inference_model")
                .help("1 for the pose model in use: its name, version (file hash prefix) and execution provider")
                .labelNames("model", "version", "provider")
                .register(registry);
        captureToEvent = Histogram.builder()
                .name("heed_inference_capture_to_event_seconds")
                .help("From the frame's capture time to the pose event being produced")
                .unit(Unit.SECONDS)
                .classicOnly()
                .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
                .register(registry);
        events = Counter.builder()
                .name("heed_inference_events_total")
                .help("Pose events produced")
                .register(registry);
        skippedStale = Counter.builder()
                .name("heed_inference_skipped_stale_total")
                .help("Crops skipped because they were older than the maximum age")
                .register(registry);
        deadLettered = Counter.builder()
                .name("heed_inference_dead_lettered_total")
                .help("Records sent to the dead-letter topic, by reason code")
                .labelNames("reason")
                .register(registry);
        passedThrough = Counter.builder()
                .name("heed_inference_passed_through_total")
                .help("Records without a face (face_hidden: the head is there but no face was found; gone: the track ended) "
                        + "turned into pose events without running the model; counted in heed_inference_events_total too")
                .labelNames("visibility")
                .register(registry);
    }

    void batch(int crops, double modelSeconds) {
        batchSize.observe(crops);
        latency.observe(modelSeconds);
    }

    void batchWait(double seconds) {
        batchWait.observe(seconds);
    }

    void model(String name, String version, String provider) {
        modelInfo.setLabelValues(name, version, provider);
    }

    void event(double captureToEventSeconds) {
        events.inc();
        captureToEvent.observe(captureToEventSeconds);
    }

    void skippedStale() {
        skippedStale.inc();
    }

    void passedThrough(Visibility visibility) {
        passedThrough.labelValues(visibility == Visibility.VISIBILITY_GONE ? "gone" : "face_hidden").inc();
    }

    void deadLettered(String reasonCode) {
        deadLettered.labelValues(reasonCode).inc();
    }
}
