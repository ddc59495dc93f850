package dev.heed.ingest;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The ingest service's metrics, all labelled by camera. Registered on the registry given, so that several
 * services (tests, the all-in-one launcher) can live in one JVM with their own registries.
 */
public final class IngestMetrics {
    static final String CAMERA = "camera";

    private final Counter framesDecoded;
    private final Counter framesSampled;
    private final Counter faces;
    private final Gauge activeTracks;
    private final Counter cameraErrors;
    private final Counter publishErrors;
    private final Histogram decodeToPublish;
    private final Histogram detect;

    public IngestMetrics(PrometheusRegistry registry) {
        framesDecoded = Counter.builder().name("heed_ingest_frames_decoded_total")
                .help("Frames decoded from the camera's stream, sampled or not").labelNames(CAMERA).register(registry);
        framesSampled = Counter.builder().name("heed_ingest_frames_sampled_total")
                .help("Frames kept by sampling and run through face detection").labelNames(CAMERA).register(registry);
        faces = Counter.builder().name("heed_ingest_faces_total")
                .help("Faces detected and published as crops").labelNames(CAMERA).register(registry);
        activeTracks = Gauge.builder().name("heed_ingest_active_tracks")
                .help("Face tracks currently alive").labelNames(CAMERA).register(registry);
        cameraErrors = Counter.builder().name("heed_ingest_camera_errors_total")
                .help("Failures that stopped a camera (cannot open, decode error, stalled stream, detector error)")
                .labelNames(CAMERA).register(registry);
        publishErrors = Counter.builder().name("heed_ingest_publish_errors_total")
                .help("Records (crops or frame summaries) Kafka did not accept").labelNames(CAMERA).register(registry);
        decodeToPublish = Histogram.builder().name("heed_ingest_decode_to_publish_seconds")
                .help("Time from a frame leaving the decoder to its face crop being handed to the Kafka producer")
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
                .labelNames(CAMERA).register(registry);
        detect = Histogram.builder().name("heed_ingest_detect_seconds")
                .help("Face detection time per sampled frame, letterboxing included")
                .classicUpperBounds(0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64)
                .labelNames(CAMERA).register(registry);
    }

    /** The data points of one camera, resolved once so the per-frame path does no label lookups. */
    public Camera forCamera(String cameraId) {
        return new Camera(framesDecoded.labelValues(cameraId), framesSampled.labelValues(cameraId), faces.labelValues(cameraId),
                activeTracks.labelValues(cameraId), cameraErrors.labelValues(cameraId), publishErrors.labelValues(cameraId),
                decodeToPublish.labelValues(cameraId), detect.labelValues(cameraId));
    }

    /** One camera's metrics. */
    public record Camera(CounterDataPoint framesDecoded, CounterDataPoint framesSampled, CounterDataPoint faces,
                         GaugeDataPoint activeTracks, CounterDataPoint cameraErrors, CounterDataPoint publishErrors,
                         DistributionDataPoint decodeToPublishSeconds, DistributionDataPoint detectSeconds) {
    }
}
