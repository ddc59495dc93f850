package dev.heed.aggregator;

import dev.heed.proto.v1.AlertType;
import dev.heed.proto.v1.AttentionWindow;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * The aggregator's Prometheus metrics. Stream threads update them while processing, so under exactly-once a
 * replayed transaction can count a record twice: these are operational signals, the topics are the record.
 */
public final class AggregatorMetrics {
    private final Counter events;
    private final Counter alertsRaised;
    private final Counter lateEvents;
    private final Counter deserializationErrors;
    private final Counter rejectedEvents;
    private final Gauge attendingShare;
    /** Per camera: the latest closed window's start and the sums over that camera's persons. */
    private final Map<String, long[]> shareByCamera = new HashMap<>();

    public AggregatorMetrics(PrometheusRegistry registry) {
        events = Counter.builder().name("heed_aggregator_events_total")
                .help("Pose events accepted for aggregation").labelNames("camera").register(registry);
        alertsRaised = Counter.builder().name("heed_aggregator_alerts_raised_total")
                .help("Attention alerts raised").labelNames("camera", "type").register(registry);
        lateEvents = Counter.builder().name("heed_aggregator_late_events_total")
                .help("Pose events older than the person's last event, ignored by the alert state machine")
                .labelNames("camera").register(registry);
        deserializationErrors = Counter.builder().name("heed_aggregator_deserialization_errors_total")
                .help("Input records that could not be deserialized, skipped and dead-lettered").register(registry);
        rejectedEvents = Counter.builder().name("heed_aggregator_rejected_events_total")
                .help("Pose events skipped as unusable (no capture time, bad key, non-finite angle)")
                .labelNames("reason").register(registry);
        attendingShare = Gauge.builder().name("heed_aggregator_attending_share")
                .help("Attending share over all persons of the camera in the latest closed window of the shortest size")
                .labelNames("camera").register(registry);
    }

    public void event(String camera) {
        events.labelValues(camera).inc();
    }

    public void alertRaised(String camera, AlertType type) {
        alertsRaised.labelValues(camera, type.name()).inc();
    }

    public void lateEvent(String camera) {
        lateEvents.labelValues(camera).inc();
    }

    public void deserializationError() {
        deserializationErrors.inc();
    }

    public void rejectedEvent(String reason) {
        rejectedEvents.labelValues(reason).inc();
    }

    /**
     * Adds a closed window to its camera's share. Windows of one camera's persons close together (tumbling
     * windows share their bounds), so the share sums every person's window with the newest start.
     */
    public void windowClosed(AttentionWindow w) {
        double share;
        synchronized (shareByCamera) {
            long[] acc = shareByCamera.computeIfAbsent(w.getCameraId(), c -> new long[] {Long.MIN_VALUE, 0, 0});
            if (w.getWindowStartMs() < acc[0]) {
                return;
            }
            if (w.getWindowStartMs() > acc[0]) {
                acc[0] = w.getWindowStartMs();
                acc[1] = 0;
                acc[2] = 0;
            }
            acc[1] += w.getSamples();
            acc[2] += w.getAttendingSamples();
            if (acc[1] == 0) {
                return;
            }
            share = (double) acc[2] / acc[1];
        }
        attendingShare.labelValues(w.getCameraId()).set(share);
    }

    // Readers for tests and health output.

    public double events(String camera) {
        return events.labelValues(camera).get();
    }

    public double alertsRaised(String camera, AlertType type) {
        return alertsRaised.labelValues(camera, type.name()).get();
    }

    public double lateEvents(String camera) {
        return lateEvents.labelValues(camera).get();
    }

    public double deserializationErrors() {
        return deserializationErrors.get();
    }

    public double rejectedEvents(String reason) {
        return rejectedEvents.labelValues(reason).get();
    }

    public double attendingShare(String camera) {
        return attendingShare.labelValues(camera).get();
    }
}
