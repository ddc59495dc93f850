package dev.heed.ingest;

import dev.heed.common.service.ServiceMain;
import dev.heed.common.cli.CommandRunner;
import dev.heed.common.cli.HttpOptions;
import dev.heed.common.cli.KafkaOptions;
import dev.heed.common.cli.ReportOptions;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.common.service.ServiceRunner;
import dev.heed.ingest.preview.AllowedClients;
import dev.heed.ingest.preview.AttendingCone;
import dev.heed.ingest.preview.LivePreview;
import dev.heed.ingest.preview.PreviewSettings;
import dev.heed.ingest.track.TrackerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code heed ingest}: cameras (video files or RTSP streams) into Kafka as face crops. */
@Command(name = "ingest",
        description = "Decodes cameras (video files or rtsp:// streams), detects, tracks and crops faces, and publishes "
                + "them to Kafka (heed.face-crops.v1, heed.frame-summaries.v1). One camera from --camera-id and --source, or "
                + "many from a --cameras file that is watched for changes. Every video file is opened before anything starts. "
                + "Live cameras are retried forever when lost; each change of a camera's state is logged, and a camera that "
                + "keeps failing is summarised every --report-interval-s. Waits for Kafka at start if it cannot be reached. "
                + "Exits when every file source has ended; runs until stopped otherwise.",
        exitCodeListHeading = CommandRunner.EXIT_CODES_HEADING,
        exitCodeList = {
            " 0:every file source has ended and everything it gave is in Kafka (or stopped with Ctrl-C / SIGTERM)",
            " 1:a camera failed (a file vanished or could not be decoded, its detector failed), Heed's topics are missing, "
                    + "or the service stopped on an error; the last line on stderr says why",
            " 2:" + CommandRunner.CONFIG_ERROR_MEANING})
public final class IngestCommand implements Callable<Integer> {
    public static final int DEFAULT_HTTP_PORT = 9401;
    private static final Logger log = LoggerFactory.getLogger(IngestCommand.class);

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    HttpOptions http;

    @Mixin
    ReportOptions report;

    @Option(names = "--cameras", paramLabel = "FILE", defaultValue = "${env:HEED_INGEST_CAMERAS}",
            description = "Properties file of cameras, one group of keys per camera: camera.<id>.url (rtsp:// URL or video file, "
                    + "required), camera.<id>.sample-fps, camera.<id>.attention-policy, camera.<id>.realtime, camera.<id>.loop "
                    + "(defaults: the flags of the same names). Checked fully at start; watched while running: added, removed and "
                    + "changed cameras are applied without touching the others, an invalid version is rejected and logged "
                    + "(env HEED_INGEST_CAMERAS). Instead of --camera-id and --source.")
    Path camerasFile;

    @Option(names = "--camera-id", paramLabel = "ID", defaultValue = "${env:HEED_INGEST_CAMERA_ID}",
            description = "Id of the one camera given by --source, used in record keys (<camera>/<track>) and metric labels: "
                    + "letters, digits, '.', '_', '-', up to 64 characters (env HEED_INGEST_CAMERA_ID).")
    String cameraId;

    @Option(names = "--source", paramLabel = "FILE|rtsp://URL", defaultValue = "${env:HEED_INGEST_SOURCE}",
            description = "Video file path or rtsp:// URL of the one camera (env HEED_INGEST_SOURCE). Credentials in the URL are "
                    + "never logged.")
    String source;

    @Option(names = "--attention-policy", paramLabel = "ID", defaultValue = "${env:HEED_INGEST_ATTENTION_POLICY:-}",
            description = "Attention policy id written into every face crop (attention_policy_id), the default for cameras of "
                    + "--cameras; empty: the aggregator uses the policy named like the camera, else its defaults "
                    + "(env HEED_INGEST_ATTENTION_POLICY). Default: empty.")
    String attentionPolicy;

    @Option(names = "--sample-fps", paramLabel = "FPS", defaultValue = "${env:HEED_INGEST_SAMPLE_FPS:-5}",
            description = "Frames per second to analyse, chosen by the stream's own timestamps; > 0 and <= 60 "
                    + "(env HEED_INGEST_SAMPLE_FPS). Default: ${DEFAULT-VALUE}.")
    double sampleFps;

    @Option(names = "--realtime", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:HEED_INGEST_REALTIME:-true}",
            description = "Read a file at its own frame rate, like a live camera (when detection falls behind, the oldest "
                    + "frames are dropped); false reads it as fast as detection goes, dropping nothing. No effect on rtsp:// "
                    + "sources, which the camera paces (env HEED_INGEST_REALTIME). Default: ${DEFAULT-VALUE}.")
    boolean realtime;

    @Option(names = "--loop", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:HEED_INGEST_LOOP:-false}",
            description = "Start a file again from the beginning when it ends, instead of exiting (env HEED_INGEST_LOOP). "
                    + "Default: ${DEFAULT-VALUE}.")
    boolean loop;

    @Option(names = "--models-dir", paramLabel = "DIR", defaultValue = "${env:HEED_MODELS_DIR:-" + IngestConfig.DEFAULT_MODELS_DIR + "}",
            description = "Folder holding the models; the detector's model defaults to its file in it (env HEED_MODELS_DIR). "
                    + "Default: ${DEFAULT-VALUE}.")
    Path modelsDir;

    @Mixin
    DetectorOptions detector;

    @Option(names = "--min-face-size", paramLabel = "PIXELS", defaultValue = "${env:HEED_INGEST_MIN_FACE_SIZE:-0}",
            description = "Ignore faces whose box is smaller than this on its longer side, in frame pixels; 0 keeps all "
                    + "(env HEED_INGEST_MIN_FACE_SIZE). Default: ${DEFAULT-VALUE}.")
    float minFaceSize;

    @Option(names = "--crop-margin", paramLabel = "FRACTION", defaultValue = "${env:HEED_INGEST_CROP_MARGIN:-0.0}",
            description = "Border added on each side of the square crop, as a fraction of the face box's longer side, "
                    + "0 to 1 (env HEED_INGEST_CROP_MARGIN). The pose model's reference accuracy was measured with 0. "
                    + "Default: ${DEFAULT-VALUE}.")
    double cropMargin;

    @Option(names = "--crop-size", paramLabel = "PIXELS", defaultValue = "${env:HEED_INGEST_CROP_SIZE:-224}",
            description = "Side of the published square crops, the pose model's input size, 16-1024 (env HEED_INGEST_CROP_SIZE). "
                    + "Default: ${DEFAULT-VALUE}.")
    int cropSize;

    @Option(names = "--jpeg-quality", paramLabel = "1-100", defaultValue = "${env:HEED_INGEST_JPEG_QUALITY:-90}",
            description = "JPEG quality of the published crops (env HEED_INGEST_JPEG_QUALITY). Default: ${DEFAULT-VALUE}.")
    int jpegQuality;

    @Option(names = "--intra-op-threads", paramLabel = "N", defaultValue = "${env:HEED_INGEST_INTRA_OP_THREADS:-1}",
            description = "ONNX Runtime threads for each camera's face detector, 1-64 (env HEED_INGEST_INTRA_OP_THREADS). "
                    + "Default: ${DEFAULT-VALUE}.")
    int intraOpThreads;

    @Option(names = "--rtsp-timeout-ms", paramLabel = "MS", defaultValue = "${env:HEED_INGEST_RTSP_TIMEOUT_MS:-5000}",
            description = "How long one RTSP socket operation (connect, a read) may block, 100-300000; RTSP runs over TCP. "
                    + "Keep it above --stall-timeout-ms, so that a hung camera is seen as a stall before its read times out "
                    + "(env HEED_INGEST_RTSP_TIMEOUT_MS). Default: ${DEFAULT-VALUE}.")
    long rtspTimeoutMs;

    @Option(names = "--stall-timeout-ms", paramLabel = "MS", defaultValue = "${env:HEED_INGEST_STALL_TIMEOUT_MS:-3000}",
            description = "A live stream that yields no frame with a newer timestamp for this long has stalled (a hung camera "
                    + "makes FFmpeg repeat its last frame) and is reconnected, 500-300000 (env HEED_INGEST_STALL_TIMEOUT_MS). "
                    + "Default: ${DEFAULT-VALUE}.")
    long stallTimeoutMs;

    @Option(names = "--reconnect-min-ms", paramLabel = "MS", defaultValue = "${env:HEED_INGEST_RECONNECT_MIN_MS:-250}",
            description = "Wait before retrying a lost or unreachable live camera; doubles on each failure, with jitter, up to "
                    + "--reconnect-max-ms (env HEED_INGEST_RECONNECT_MIN_MS). Default: ${DEFAULT-VALUE}.")
    long reconnectMinMs;

    @Option(names = "--reconnect-max-ms", paramLabel = "MS", defaultValue = "${env:HEED_INGEST_RECONNECT_MAX_MS:-3000}",
            description = "Longest wait between retries: a camera that comes back streams again within about this long plus "
                    + "the time to connect (env HEED_INGEST_RECONNECT_MAX_MS). Default: ${DEFAULT-VALUE}.")
    long reconnectMaxMs;

    @Option(names = "--track-timeout-ms", paramLabel = "MS", defaultValue = "${env:HEED_INGEST_TRACK_TIMEOUT_MS:-1000}",
            description = "A track ends (one record with visibility GONE) after this much capture time with neither its face "
                    + "nor its head in place: how long it takes to decide that a person left; a face seen again later gets a "
                    + "new track id (env HEED_INGEST_TRACK_TIMEOUT_MS). Default: ${DEFAULT-VALUE}.")
    long trackTimeoutMs;

    @Option(names = "--preview", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:HEED_INGEST_PREVIEW:-false}",
            description = "Serve a live annotated preview of the cameras on the ops port at /preview/ (needs --http-port): the "
                    + "analysed frames (downscaled JPEG, kept in memory for a minute while someone watches, never written to "
                    + "disk) with each face's box, track id, head pose and attention state, alerts and a per-person timeline, "
                    + "read from Kafka. Faces are biometric data: only this machine (loopback) may open it unless "
                    + "--preview-allow names more (env HEED_INGEST_PREVIEW). Default: ${DEFAULT-VALUE}.")
    boolean preview;

    @Option(names = "--preview-allow", paramLabel = "CIDR[,CIDR...]", defaultValue = "${env:HEED_INGEST_PREVIEW_ALLOW}",
            description = "Networks besides loopback whose clients may open the preview, as IP addresses or CIDR networks, "
                    + "e.g. 10.1.0.0/16,192.168.4.7; others get 403 (env HEED_INGEST_PREVIEW_ALLOW). Default: none.")
    String previewAllow;

    @Option(names = "--hidden-track-timeout-ms", paramLabel = "MS", defaultValue = "${env:HEED_INGEST_HIDDEN_TRACK_TIMEOUT_MS:-60000}",
            description = "A person whose face is not found but whose head stays in place (turned away, looking down) keeps "
                    + "the track id, with a FACE_HIDDEN record at each sampled frame, for this long at most; then the track "
                    + "ends. 0 turns hidden tracks off; otherwise at least --track-timeout-ms "
                    + "(env HEED_INGEST_HIDDEN_TRACK_TIMEOUT_MS). Default: ${DEFAULT-VALUE}.")
    long hiddenTrackTimeoutMs;

    @Option(names = "--presence-max-change", paramLabel = "FRACTION", defaultValue = "${env:HEED_INGEST_PRESENCE_MAX_CHANGE:-0.2}",
            description = "How much of the colour of the head-and-shoulders region around a missing face may be new while "
                    + "the head still counts as in place, > 0 and < 1; higher keeps turned heads longer and notices leavers "
                    + "later (env HEED_INGEST_PRESENCE_MAX_CHANGE). Default: ${DEFAULT-VALUE}.")
    double presenceMaxChange;

    public static void main(String[] args) {
        System.exit(CommandRunner.run(new IngestCommand(), args));
    }

    /** The validated configuration the options describe; the cameras file is read and checked here. */
    public IngestConfig toConfig() {
        List<CameraConfig> cameras;
        CamerasFile file = null;
        if (camerasFile != null) {
            if (cameraId != null || source != null) {
                throw new IllegalArgumentException("--cameras and --camera-id/--source are alternatives: give one or the other");
            }
            file = new CamerasFile(camerasFile, new CamerasFile.Defaults(sampleFps, realtime, loop, attentionPolicy));
            cameras = file.read();
        } else {
            if (cameraId == null && source == null) {
                throw new IllegalArgumentException("no camera: give --camera-id and --source, or --cameras FILE");
            }
            cameras = List.of(new CameraConfig(cameraId, source, sampleFps, realtime, loop, attentionPolicy));
        }
        DetectorChoice choice = detector.choice();
        StreamSettings stream = new StreamSettings(Duration.ofMillis(rtspTimeoutMs), Duration.ofMillis(stallTimeoutMs),
                Duration.ofMillis(reconnectMinMs), Duration.ofMillis(reconnectMaxMs), report.interval());
        IngestConfig config = new IngestConfig(cameras, file, choice.kind(), choice.modelIn(modelsDir), choice.inputSize(),
                choice.scoreThreshold(), minFaceSize, cropMargin, cropSize, jpegQuality, intraOpThreads,
                new TrackerSettings(Duration.ofMillis(trackTimeoutMs), Duration.ofMillis(hiddenTrackTimeoutMs), presenceMaxChange), stream);
        // Last, once every cheap check has passed: a file source that is not a video stops the start here, before Kafka.
        if (file == null) {
            config.cameras().forEach(CameraConfig::checkReadable);
        }
        return config;
    }

    /** The preview's settings when --preview is on, else null; the flags are checked either way. */
    PreviewSettings previewSettings(int httpPort) {
        AllowedClients clients = AllowedClients.parse(previewAllow);
        if (!preview) {
            return null;
        }
        if (httpPort == -1) {
            throw new IllegalArgumentException("--preview is served on the ops port: it needs --http-port other than -1");
        }
        return PreviewSettings.defaults(clients, AttendingCone.AGGREGATOR_DEFAULT);
    }

    @Override
    public Integer call() throws Exception {
        IngestConfig config = toConfig();
        KafkaSettings settings = kafka.toSettings();
        int port = http.port(DEFAULT_HTTP_PORT);
        PreviewSettings previewSettings = previewSettings(port);
        try (ServiceMain main = new ServiceMain(settings, config.stream().reportInterval())) {
            ServiceRunner runner = main.runner();
            LivePreview livePreview = previewSettings == null ? null
                    : runner.start(new LivePreview(previewSettings, settings, main.registry()));
            IngestService service = livePreview == null
                    ? main.start(new IngestService(config, settings, main.registry()), port)
                    : main.start(new IngestService(config, settings, main.registry(), livePreview), port,
                            Map.of(LivePreview.PATH, livePreview.endpoint()));
            Thread watcher = new Thread(() -> stopWhenFinished(service, runner), "heed-ingest-finish-watch");
            watcher.setDaemon(true);
            watcher.start();
            boolean died = main.awaitStopOrDeath(service);
            boolean cameraFailed = service.cameraStates().containsValue(CameraState.FAILED);
            return died || cameraFailed ? 1 : 0;
        }
    }

    /** A file that has ended leaves nothing to do: stop instead of idling until someone presses Ctrl-C. */
    private static void stopWhenFinished(IngestService service, ServiceRunner runner) {
        try {
            while (!service.isFinished()) {
                Thread.sleep(200);
            }
            log.info("all cameras have stopped ({}); exiting", service.cameraStates());
            runner.requestStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
