package dev.heed.evaluation.pipeline;

import dev.heed.common.files.FileTrees;
import dev.heed.aggregator.AggregatorConfig;
import dev.heed.aggregator.AggregatorService;
import dev.heed.aggregator.policy.AttentionSettings;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.common.onnx.ModelsDirectory;
import dev.heed.common.security.Redactor;
import dev.heed.common.service.Service;
import dev.heed.common.service.ServiceRunner;
import dev.heed.inference.InferenceConfig;
import dev.heed.inference.InferenceService;
import dev.heed.inference.model.PoseEstimators;
import dev.heed.ingest.CameraConfig;
import dev.heed.ingest.IngestConfig;
import dev.heed.ingest.FrameTaps;
import dev.heed.ingest.IngestService;
import dev.heed.ingest.preview.AllowedClients;
import dev.heed.ingest.preview.AttendingCone;
import dev.heed.ingest.preview.LivePreview;
import dev.heed.ingest.preview.PreviewSettings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The three services wired to one broker in this JVM, started downstream first (aggregator, inference, ingest) so
 * that nothing ingest publishes waits on a consumer that is not there yet. {@code heed demo}, the evaluation of
 * labelled scenes and the end-to-end tests run exactly this.
 */
public final class LocalPipeline {
    /**
     * What to read and how.
     *
     * @param realtime  read a file at its own frame rate, like a live camera (false: as fast as possible)
     * @param estimator the pose estimator's name
     * @param model     the Hopenet-style model file, or null for the default one in the models folder
     */
    public record Plan(String cameraId, String source, double sampleFps, boolean realtime, boolean loop, String estimator, Path model) {
        /** With the default estimator and model. */
        public Plan(String cameraId, String source, double sampleFps, boolean realtime, boolean loop) {
            this(cameraId, source, sampleFps, realtime, loop, PoseEstimators.DEFAULT, null);
        }

        public String sourceForDisplay() {
            return Redactor.redactUrls(source);
        }
    }

    /** Inference's age limit for crops when the source is not read in real time: none, in effect. */
    static final Duration NOT_LIVE_MAX_AGE = Duration.ofDays(365);

    private final IngestService ingest;
    private final AggregatorService aggregator;
    private final List<Service> services;
    private final PrometheusRegistry registry;
    private final LivePreview preview;

    private LocalPipeline(IngestService ingest, AggregatorService aggregator, List<Service> services, PrometheusRegistry registry,
                          LivePreview preview) {
        this.ingest = ingest;
        this.aggregator = aggregator;
        this.services = services;
        this.registry = registry;
        this.preview = preview;
    }

    /** Starts the services on the runner, which stops them (and removes the aggregator's state) at its close. */
    public static LocalPipeline start(ServiceRunner runner, KafkaSettings kafka, Plan plan) throws Exception {
        return start(runner, kafka, plan, false);
    }

    /**
     * As {@link #start(ServiceRunner, KafkaSettings, Plan)}; with {@code view}, also ingest's live preview of the camera
     * (loopback only, the aggregator's own defaults as the cone), for {@link #preview()} to serve ({@code heed demo --view}).
     */
    public static LocalPipeline start(ServiceRunner runner, KafkaSettings kafka, Plan plan, boolean view) throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Path models = ModelsDirectory.fromEnvironment();
        IngestConfig ingestConfig = IngestConfig.withDefaults(
                List.of(CameraConfig.of(plan.cameraId(), plan.source())
                        .withSampleFps(plan.sampleFps()).withRealtime(plan.realtime()).withLoop(plan.loop())),
                models.resolve(IngestConfig.DETECTOR_MODEL_FILE));
        InferenceConfig inferenceConfig = InferenceConfig.defaults(plan.model() != null ? plan.model()
                : models.resolve(InferenceConfig.DEFAULT_MODEL_FILE)).withEstimator(plan.estimator());
        if (!plan.realtime()) {
            // A file read as fast as the pipeline goes is not live: its capture times fall behind the wall clock whenever
            // the pipeline is slower than the video, and the age limit, which keeps a live camera's output current
            // after a backlog, would skip most of its faces.
            inferenceConfig = inferenceConfig.withMaxAge(NOT_LIVE_MAX_AGE);
        }
        Path stateDir = AggregatorConfig.freshStateDir();
        // Registered before the aggregator, so it runs after the aggregator has released its stores.
        runner.closeAtEnd(() -> FileTrees.delete(stateDir));
        AggregatorConfig aggregatorConfig = AggregatorConfig.defaults(stateDir);

        AggregatorService aggregator = runner.start(new AggregatorService(aggregatorConfig, kafka, registry));
        InferenceService inference = runner.start(new InferenceService(inferenceConfig, kafka, registry));
        LivePreview preview = view ? runner.start(new LivePreview(
                PreviewSettings.defaults(AllowedClients.loopbackOnly(), cone(aggregatorConfig.attention())), kafka, registry)) : null;
        IngestService ingest = runner.start(new IngestService(ingestConfig, kafka, registry, preview != null ? preview : FrameTaps.NONE));
        return new LocalPipeline(ingest, aggregator, List.of(aggregator, inference, ingest), registry, preview);
    }

    /** The attending cone of the aggregator's settings, as the preview draws it. */
    public static AttendingCone cone(AttentionSettings s) {
        return new AttendingCone(s.policyId(), s.yaw0Deg(), s.pitch0Deg(), s.yawToleranceDeg(), s.pitchToleranceDeg());
    }

    /** The live preview, when started with {@code view}; else null. */
    public LivePreview preview() {
        return preview;
    }

    /** True once the video has ended (never for a live stream or --loop) and its records are in Kafka. */
    public boolean sourceFinished() {
        return ingest.isFinished();
    }

    /** For interactive queries (the people of a camera). */
    public AggregatorService aggregator() {
        return aggregator;
    }

    public List<Service> services() {
        return services;
    }

    /** Every service's metrics. */
    public PrometheusRegistry registry() {
        return registry;
    }

}
