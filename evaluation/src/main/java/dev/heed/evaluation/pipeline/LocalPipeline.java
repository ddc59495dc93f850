package dev.heed.evaluation.pipeline;

import dev.heed.common.files.FileTrees;
import dev.heed.aggregator.AggregatorConfig;
import dev.heed.aggregator.AggregatorService;
import dev.heed.aggregator.policy.AttentionSettings;
import dev.heed.common.kafka.ConsumerGroupLag;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.common.onnx.ModelsDirectory;
import dev.heed.common.security.Redactor;
import dev.heed.common.service.Service;
import dev.heed.common.service.ServiceRunner;
import dev.heed.inference.InferenceConfig;
import dev.heed.inference.InferenceService;
import dev.heed.inference.model.PoseEstimators;
import dev.heed.ingest.CameraConfig;
import dev.heed.ingest.DetectorChoice;
import dev.heed.ingest.IngestConfig;
import dev.heed.ingest.FrameTaps;
import dev.heed.ingest.IngestService;
import dev.heed.ingest.preview.AllowedClients;
import dev.heed.ingest.preview.AttendingCone;
import dev.heed.ingest.preview.LivePreview;
import dev.heed.ingest.preview.PreviewSettings;
import dev.heed.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * The three services wired to one broker in this JVM, started downstream first (aggregator, inference, ingest) so
 * that nothing ingest publishes waits on a consumer that is not there yet. {@code heed demo}, the evaluation of
 * labelled scenes and the end-to-end tests run exactly this.
 */
public final class LocalPipeline {
    /** How long one look at the consumer groups' lag may take. */
    private static final Duration LAG_TIMEOUT = Duration.ofSeconds(5);

    /**
     * What to read and how.
     *
     * @param realtime  read a file at its own frame rate, like a live camera (false: as fast as possible)
     * @param estimator the pose estimator's name
     * @param model     the Hopenet-style model file, or null for the default one in the models folder
     * @param detector  the face detector and its settings, as heed ingest's flags choose them
     */
    public record Plan(String cameraId, String source, double sampleFps, boolean realtime, boolean loop, String estimator, Path model,
                       DetectorChoice detector) {
        public Plan {
            if (detector == null) {
                detector = DetectorChoice.DEFAULT;
            }
        }

        /** With the default detector. */
        public Plan(String cameraId, String source, double sampleFps, boolean realtime, boolean loop, String estimator, Path model) {
            this(cameraId, source, sampleFps, realtime, loop, estimator, model, DetectorChoice.DEFAULT);
        }

        /** With the default estimator, model and detector. */
        public Plan(String cameraId, String source, double sampleFps, boolean realtime, boolean loop) {
            this(cameraId, source, sampleFps, realtime, loop, PoseEstimators.DEFAULT, null);
        }

        public Plan withDetector(DetectorChoice choice) {
            return new Plan(cameraId, source, sampleFps, realtime, loop, estimator, model, choice);
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
    private final Admin admin;
    private final String inferenceGroup;
    private final String aggregatorGroup;

    private LocalPipeline(IngestService ingest, AggregatorService aggregator, List<Service> services, PrometheusRegistry registry,
                          LivePreview preview, Admin admin, String inferenceGroup, String aggregatorGroup) {
        this.ingest = ingest;
        this.aggregator = aggregator;
        this.services = services;
        this.registry = registry;
        this.preview = preview;
        this.admin = admin;
        this.inferenceGroup = inferenceGroup;
        this.aggregatorGroup = aggregatorGroup;
    }

    /**
     * Everything about the plan that can be wrong before a broker or a model is started: the source (a file must be a
     * video FFmpeg can read; an rtsp:// URL well formed), the detector's and the estimator's names and model files.
     *
     * @throws IllegalArgumentException naming the flag to fix (--source, --detector, --estimator, --model, ...)
     */
    public static void check(Plan plan) {
        Path models = ModelsDirectory.fromEnvironment();
        IngestConfig ingest = ingestConfig(plan, models);
        ingest.cameras().forEach(CameraConfig::checkReadable);
        InferenceConfig inference = inferenceConfig(plan, models);
        Path hopenet = inference.model().modelPath();
        for (Path file : PoseEstimators.modelFiles(plan.estimator(), hopenet.toAbsolutePath().getParent(), hopenet)) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--estimator " + plan.estimator() + ": model file not found: " + file.toAbsolutePath()
                        + " (set --models-dir / HEED_MODELS_DIR to the folder holding it)");
            }
        }
    }

    private static IngestConfig ingestConfig(Plan plan, Path models) {
        CameraConfig camera = CameraConfig.of(plan.cameraId(), plan.source())
                .withSampleFps(plan.sampleFps()).withRealtime(plan.realtime()).withLoop(plan.loop());
        return IngestConfig.withDefaults(List.of(camera), plan.detector(), models);
    }

    private static InferenceConfig inferenceConfig(Plan plan, Path models) {
        InferenceConfig config = InferenceConfig.defaults(plan.model() != null ? plan.model()
                : models.resolve(InferenceConfig.DEFAULT_MODEL_FILE)).withEstimator(plan.estimator());
        if (!plan.realtime()) {
            // A file read as fast as the pipeline goes is not live: its capture times fall behind the wall clock whenever
            // the pipeline is slower than the video, and the age limit, which keeps a live camera's output current
            // after a backlog, would skip most of its faces.
            config = config.withMaxAge(NOT_LIVE_MAX_AGE);
        }
        return config;
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
        IngestConfig ingestConfig = ingestConfig(plan, models);
        InferenceConfig inferenceConfig = inferenceConfig(plan, models);
        Path stateDir = AggregatorConfig.freshStateDir();
        // Registered before the aggregator, so it runs after the aggregator has released its stores.
        runner.closeAtEnd(() -> FileTrees.delete(stateDir));
        AggregatorConfig aggregatorConfig = AggregatorConfig.defaults(stateDir);
        Admin admin = runner.closeAtEnd(Admin.create(kafka.common()));

        AggregatorService aggregator = runner.start(new AggregatorService(aggregatorConfig, kafka, registry));
        InferenceService inference = runner.start(new InferenceService(inferenceConfig, kafka, registry));
        LivePreview preview = view ? runner.start(new LivePreview(
                PreviewSettings.defaults(AllowedClients.loopbackOnly(), cone(aggregatorConfig.attention())), kafka, registry)) : null;
        IngestService ingest = runner.start(new IngestService(ingestConfig, kafka, registry, preview != null ? preview : FrameTaps.NONE));
        return new LocalPipeline(ingest, aggregator, List.of(aggregator, inference, ingest), registry, preview, admin,
                inferenceConfig.groupId(), aggregatorConfig.applicationId());
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

    /**
     * True once the source has finished and every record it gave has gone through: inference has committed every face
     * crop, the aggregator every pose event (and, exactly-once, the windows, alerts and state changes they caused).
     * The camera windows, which the aggregator writes through an internal topic of its own, may follow shortly after.
     */
    public boolean drained() throws InterruptedException {
        if (!sourceFinished()) {
            return false;
        }
        try {
            return ConsumerGroupLag.of(admin, inferenceGroup, Topics.FACE_CROPS.name(), LAG_TIMEOUT) == 0
                    && ConsumerGroupLag.of(admin, aggregatorGroup, Topics.POSE_EVENTS.name(), LAG_TIMEOUT) == 0;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
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
