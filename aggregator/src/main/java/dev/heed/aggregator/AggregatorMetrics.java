package dev.heed.aggregator;

import dev.heed.proto.v1.AlertType;
import dev.heed.proto.v1.AttentionWindow;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

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
    private final Counter invalidPolicies;
    private final Gauge attendingShare;
    private final Gauge peoplePresent;
    private final Gauge personAttending;

    public AggregatorMetrics(PrometheusRegistry registry) {
        events = Counter.builder().name("heed_aggregator_events_total")
                .help("Pose events accepted for aggregation").labelNames("camera").register(registry);
        alertsRaised = Counter.builder().name("heed_aggregator_alerts_raised_total")
                .help("Attention alerts raised").labelNames("camera", "type").register(registry);
        lateEvents = Counter.builder().name("heed_aggregator_late_events_total")
                .help("Pose events older than their partition's stream time minus the grace, dropped")
                .labelNames("camera").register(registry);
        deserializationErrors = Counter.builder().name("heed_aggregator_deserialization_errors_total")
                .help("Input records that could not be deserialized, skipped and dead-lettered").register(registry);
        rejectedEvents = Counter.builder().name("heed_aggregator_rejected_events_total")
                .help("Pose events skipped and dead-lettered as unusable (no capture time, bad key, non-finite angle...)")
                .labelNames("reason").register(registry);
        invalidPolicies = Counter.builder().name("heed_aggregator_invalid_policies_total")
                .help("Versions of attention policies found invalid and not used (their events get the defaults)")
                .labelNames("policy").register(registry);
        attendingShare = Gauge.builder().name("heed_aggregator_attending_ratio")
                .help("Share of the camera's samples whose person was attending, in its latest closed camera window of "
                        + "the shortest size").labelNames("camera").register(registry);
        peoplePresent = Gauge.builder().name("heed_aggregator_people_present")
                .help("People with samples in the camera's latest closed camera window of the shortest size")
                .labelNames("camera").register(registry);
        personAttending = Gauge.builder().name("heed_aggregator_person_attending_ratio")
                .help("Attending share of one person (camera, track) in their latest closed window of the shortest size, 0 to 1")
                .labelNames("camera", "track").register(registry);
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

    public void invalidPolicy(String policyId) {
        invalidPolicies.labelValues(policyId).inc();
    }

    /** A person's window of the shortest size closed: their latest attending share, for the drill-down. */
    public void personWindowClosed(AttentionWindow w) {
        if (w.getSamples() > 0) {
            personAttending.labelValues(w.getCameraId(), Long.toString(w.getTrackId())).set(w.getAttendingShare());
        }
    }

    /** The person was forgotten (idle timeout): their series goes too, so series stay bounded by live tracks. */
    public void personGone(String camera, long track) {
        personAttending.remove(camera, Long.toString(track));
    }

    /** A camera's window of the shortest size closed: it is the camera's latest complete picture. */
    public void cameraWindowClosed(AttentionWindow w) {
        if (w.getSamples() > 0) {
            attendingShare.labelValues(w.getCameraId()).set(w.getAttendingShare());
        }
        peoplePresent.labelValues(w.getCameraId()).set(w.getPeoplePresent());
    }

    // Readers for tests and health output.

    public double events(String camera) {
        return events.labelValues(camera).get();
    }

    public double alertsRaised(String camera, AlertType type) {
        return alertsRaised.labelValues(camera, type.name()).get();
    }

    /** The person's attending share gauge, or NaN when the person has no series (never seen, or forgotten). */
    public double personAttending(String camera, long track) {
        return personAttending.collect().getDataPoints().stream()
                .filter(d -> camera.equals(d.getLabels().get("camera")) && Long.toString(track).equals(d.getLabels().get("track")))
                .mapToDouble(d -> d.getValue()).findFirst().orElse(Double.NaN);
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

    public double invalidPolicies(String policyId) {
        return invalidPolicies.labelValues(policyId).get();
    }

    public double attendingShare(String camera) {
        return attendingShare.labelValues(camera).get();
    }

    public double peoplePresent(String camera) {
        return peoplePresent.labelValues(camera).get();
    }
}
