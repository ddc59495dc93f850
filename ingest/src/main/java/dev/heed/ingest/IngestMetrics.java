package dev.heed.ingest;

import dev.heed.ingest.track.TrackedFrame;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ingest service's metrics, labelled by camera. Registered on the registry given, so that several
 * services (tests, the all-in-one launcher) can live in one JVM with their own registries.
 */
public final class IngestMetrics {
    static final String CAMERA = "camera";
    static final String STATE = "state";
    static final String RESULT = "result";
    static final String REASON = "reason";

    private final Counter framesDecoded;
    private final Counter framesSampled;
    private final Counter framesDropped;
    private final Counter faces;
    private final Gauge activeTracks;
    private final Gauge hiddenTracks;
    private final Counter tracksEnded;
    private final Counter disconnects;
    private final Counter reconnects;
    private final Counter connectFailures;
    private final Counter stalls;
    private final Counter cameraErrors;
    private final Counter publishErrors;
    private final Histogram decodeToPublish;
    private final Histogram detect;
    private final Gauge cameraState;
    private final Counter configReloads;
    private final List<StatefulMetric<?, ?>> perCamera;

    public IngestMetrics(PrometheusRegistry registry) {
        framesDecoded = Counter.builder().name("heed_ingest_frames_decoded_total")
                .help("Frames decoded from the camera's stream, sampled or not").labelNames(CAMERA).register(registry);
        framesSampled = Counter.builder().name("heed_ingest_frames_sampled_total")
                .help("Frames kept by sampling and queued for face detection").labelNames(CAMERA).register(registry);
        framesDropped = Counter.builder().name("heed_ingest_frames_dropped_total")
                .help("Sampled frames dropped unprocessed because detection fell behind a live stream (the oldest queued frame goes)")
                .labelNames(CAMERA).register(registry);
        faces = Counter.builder().name("heed_ingest_faces_total")
                .help("Faces detected and published as crops").labelNames(CAMERA).register(registry);
        activeTracks = Gauge.builder().name("heed_ingest_active_tracks")
                .help("Face tracks currently alive").labelNames(CAMERA).register(registry);
        hiddenTracks = Gauge.builder().name("heed_ingest_hidden_tracks")
                .help("Tracks whose face was not found in the latest frame but whose head is in place (published as FACE_HIDDEN)")
                .labelNames(CAMERA).register(registry);
        tracksEnded = Counter.builder().name("heed_ingest_tracks_ended_total")
                .help("Tracks ended with a GONE record: head_gone (neither face nor head in place for the track timeout), "
                        + "hidden_too_long (face hidden past the hidden-track timeout), stream_ended (the camera's stream ended)")
                .labelNames(CAMERA, REASON).register(registry);
        disconnects = Counter.builder().name("heed_ingest_disconnects_total")
                .help("Live streams lost: ended, failed to read, or stalled").labelNames(CAMERA).register(registry);
        reconnects = Counter.builder().name("heed_ingest_reconnects_total")
                .help("Live streams opened again after a disconnect or a failed connection attempt").labelNames(CAMERA).register(registry);
        connectFailures = Counter.builder().name("heed_ingest_connect_failures_total")
                .help("Attempts to open a live stream that failed (refused, timed out, rejected by the server)")
                .labelNames(CAMERA).register(registry);
        stalls = Counter.builder().name("heed_ingest_stalls_total")
                .help("Live streams that went the stall timeout without a frame with a newer timestamp (then reconnected)")
                .labelNames(CAMERA).register(registry);
        cameraErrors = Counter.builder().name("heed_ingest_camera_errors_total")
                .help("Failures that stopped a camera for good (file missing or not video, detector error)")
                .labelNames(CAMERA).register(registry);
        publishErrors = Counter.builder().name("heed_ingest_publish_errors_total")
                .help("Records (crops or frame summaries) not published: Kafka unreachable, producer buffer full, or rejected")
                .labelNames(CAMERA).register(registry);
        decodeToPublish = Histogram.builder().name("heed_ingest_decode_to_publish_seconds")
                .help("Time from a frame leaving the decoder to its face crop being handed to the Kafka producer, queueing included")
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
                .labelNames(CAMERA).register(registry);
        detect = Histogram.builder().name("heed_ingest_detect_seconds")
                .help("Face detection time per sampled frame, letterboxing included")
                .classicUpperBounds(0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64)
                .labelNames(CAMERA).register(registry);
        cameraState = Gauge.builder().name("heed_ingest_camera_state")
                .help("1 for the camera's current state (starting, running, reconnecting, finished, failed, stopped), 0 for the others")
                .labelNames(CAMERA, STATE).register(registry);
        configReloads = Counter.builder().name("heed_ingest_config_reloads_total")
                .help("Changes of the cameras file: applied, or rejected as invalid (the running cameras were kept)")
                .labelNames(RESULT).register(registry);
        perCamera = List.of(framesDecoded, framesSampled, framesDropped, faces, activeTracks, hiddenTracks, disconnects, reconnects, connectFailures,
                stalls, cameraErrors, publishErrors, decodeToPublish, detect);
    }

    /** The data points of one camera, resolved once so the per-frame path does no label lookups. */
    public Camera forCamera(String cameraId) {
        Map<CameraState, GaugeDataPoint> states = new EnumMap<>(CameraState.class);
        for (CameraState s : CameraState.values()) {
            states.put(s, cameraState.labelValues(cameraId, s.name().toLowerCase(Locale.ROOT)));
        }
        Map<TrackedFrame.EndReason, CounterDataPoint> ended = new EnumMap<>(TrackedFrame.EndReason.class);
        for (TrackedFrame.EndReason r : TrackedFrame.EndReason.values()) {
            ended.put(r, tracksEnded.labelValues(cameraId, r.name().toLowerCase(Locale.ROOT)));
        }
        return new Camera(framesDecoded.labelValues(cameraId), framesSampled.labelValues(cameraId), framesDropped.labelValues(cameraId),
                faces.labelValues(cameraId), activeTracks.labelValues(cameraId), hiddenTracks.labelValues(cameraId), Map.copyOf(ended),
                disconnects.labelValues(cameraId),
                reconnects.labelValues(cameraId), connectFailures.labelValues(cameraId), stalls.labelValues(cameraId),
                cameraErrors.labelValues(cameraId), publishErrors.labelValues(cameraId), decodeToPublish.labelValues(cameraId),
                detect.labelValues(cameraId), Map.copyOf(states));
    }

    /** Drops a removed camera's series, so dashboards do not show it forever. */
    public void removeCamera(String cameraId) {
        perCamera.forEach(m -> m.remove(cameraId));
        for (CameraState s : CameraState.values()) {
            cameraState.remove(cameraId, s.name().toLowerCase(Locale.ROOT));
        }
        for (TrackedFrame.EndReason r : TrackedFrame.EndReason.values()) {
            tracksEnded.remove(cameraId, r.name().toLowerCase(Locale.ROOT));
        }
    }

    void configReloaded(boolean applied) {
        configReloads.labelValues(applied ? "applied" : "rejected").inc();
    }

    /** One camera's metrics. */
    public record Camera(CounterDataPoint framesDecoded, CounterDataPoint framesSampled, CounterDataPoint framesDropped,
                         CounterDataPoint faces, GaugeDataPoint activeTracks, GaugeDataPoint hiddenTracks,
                         Map<TrackedFrame.EndReason, CounterDataPoint> tracksEnded, CounterDataPoint disconnects,
                         CounterDataPoint reconnects, CounterDataPoint connectFailures, CounterDataPoint stalls,
                         CounterDataPoint cameraErrors, CounterDataPoint publishErrors,
                         DistributionDataPoint decodeToPublishSeconds, DistributionDataPoint detectSeconds,
                         Map<CameraState, GaugeDataPoint> state) {
        /** The counter of tracks ended for this reason. */
        public CounterDataPoint tracksEnded(TrackedFrame.EndReason reason) {
            return tracksEnded.get(reason);
        }
    }
}
