package dev.heed.ingest.preview;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The live preview's metrics (only registered when the preview is on). */
final class PreviewMetrics {
    private final Gauge viewers;
    private final Counter refused;
    private final Counter framesDropped;
    private final Counter recordsSkipped;

    PreviewMetrics(PrometheusRegistry registry) {
        viewers = Gauge.builder().name("heed_ingest_preview_viewers")
                .help("Browsers with the live preview's event stream open").register(registry);
        refused = Counter.builder().name("heed_ingest_preview_refused_total")
                .help("Preview requests refused: client not allowed (--preview-allow), or too many viewers").labelNames("reason")
                .register(registry);
        framesDropped = Counter.builder().name("heed_ingest_preview_frames_dropped_total")
                .help("Frames of watched cameras not shown in the preview because its encoder fell behind (or failed)")
                .labelNames("camera").register(registry);
        recordsSkipped = Counter.builder().name("heed_ingest_preview_records_skipped_total")
                .help("Records the preview could not read (malformed or newer schema); the services that own them dead-letter them")
                .labelNames("topic").register(registry);
    }

    void viewers(int n) {
        viewers.set(n);
    }

    void refused(String reason) {
        refused.labelValues(reason).inc();
    }

    void framesDropped(String camera) {
        framesDropped.labelValues(camera).inc();
    }

    void recordSkipped(String topic) {
        recordsSkipped.labelValues(topic).inc();
    }
}
