package dev.heed.aggregator;

import dev.heed.proto.v1.AlertType;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.WindowScope;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The aggregator's Prometheus metrics. Stream threads update them while processing, so under exactly-once a
 * replayed transaction can count a record twice: these are operational signals, the topics are the record.
 */
public final class AggregatorMetrics {
    private final Counter events;
    private final Map<String, CounterDataPoint> eventsByCamera = new ConcurrentHashMap<>();
    private final Counter alertsRaised;
    private final Counter lateEvents;
    private final Counter duplicateEvents;
    private final Counter lateWindows;
    private final Histogram alertDelay;
    private final Histogram windowDelay;
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
                .help("Pose events dropped because they came after a newer one of their person, or after their camera's clock "
                        + "had closed their window or made their person absent; redeliveries are counted as duplicates instead")
                .labelNames("camera").register(registry);
        duplicateEvents = Counter.builder().name("heed_aggregator_duplicate_events_total")
                .help("Pose events dropped as redeliveries: the capture time of one of the person's recent samples")
                .labelNames("camera").register(registry);
        lateWindows = Counter.builder().name("heed_aggregator_late_windows_total")
                .help("Person windows that reached their camera's side after the camera window was written; left out of it")
                .labelNames("camera").register(registry);
        // Buckets around the 0.5 s goal, and up to minutes for a catch-up after a restart.
        alertDelay = Histogram.builder().name("heed_aggregator_alert_delay_seconds")
                .help("From the instant an alert record was decided (the deciding sample's capture time, or the instant a "
                        + "decision without a sample became due; decided_at_ms) to the aggregator producing it")
                .unit(Unit.SECONDS).classicOnly()
                .classicUpperBounds(0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10, 30, 60, 300)
                .labelNames("type").register(registry);
        windowDelay = Histogram.builder().name("heed_aggregator_window_delay_seconds")
                .help("From a window's end (event time) to the aggregator producing it, by scope (person, camera)")
                .unit(Unit.SECONDS).classicOnly()
                .classicUpperBounds(0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10, 30, 60, 300)
                .labelNames("scope").register(registry);
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

    /** Once per pose event: the camera's series is looked up once, not on every event. */
    public void event(String camera) {
        CounterDataPoint c = eventsByCamera.get(camera);
        if (c == null) {
            c = events.labelValues(camera);
            eventsByCamera.put(camera, c);
            // The camera's drop counters exist from its first event, at 0, so that rates over them start at once.
            lateEvents.labelValues(camera);
            duplicateEvents.labelValues(camera);
            lateWindows.labelValues(camera);
        }
        c.inc();
    }

    public void alertRaised(String camera, AlertType type) {
        alertsRaised.labelValues(camera, type.name()).inc();
    }

    public void lateEvent(String camera) {
        lateEvents.labelValues(camera).inc();
    }

    public void duplicateEvent(String camera) {
        duplicateEvents.labelValues(camera).inc();
    }

    public void lateWindow(String camera) {
        lateWindows.labelValues(camera).inc();
    }

    /** An alert record is being produced now (wall clock, ms). */
    public void alertEmitted(AttentionAlert a, long nowMs) {
        alertDelay.labelValues(a.getType().name()).observe(Math.max(0, nowMs - a.getDecidedAtMs()) / 1000.0);
    }

    /** A window record is being produced now (wall clock, ms). */
    public void windowEmitted(AttentionWindow w, long nowMs) {
        windowDelay.labelValues(w.getScope() == WindowScope.WINDOW_SCOPE_CAMERA ? "camera" : "person")
                .observe(Math.max(0, nowMs - w.getWindowEndMs()) / 1000.0);
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

    public double duplicateEvents(String camera) {
        return duplicateEvents.labelValues(camera).get();
    }

    public double lateWindows(String camera) {
        return lateWindows.labelValues(camera).get();
    }

    /** Alert records produced of the type, as counted by the delay histogram. */
    public long alertsEmitted(AlertType type) {
        return count(alertDelay, "type", type.name());
    }

    /** Window records produced of the scope ("person", "camera"), as counted by the delay histogram. */
    public long windowsEmitted(String scope) {
        return count(windowDelay, "scope", scope);
    }

    private static long count(Histogram h, String label, String value) {
        return h.collect().getDataPoints().stream().filter(d -> value.equals(d.getLabels().get(label)))
                .mapToLong(d -> d.getCount()).sum();
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
