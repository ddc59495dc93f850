package dev.heed.ingest;

import dev.heed.common.service.ServiceMain;
import dev.heed.common.cli.CommandRunner;
import dev.heed.common.cli.HttpOptions;
import dev.heed.common.cli.KafkaOptions;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.common.service.ServiceRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code heed ingest}: one camera from a video file or an RTSP stream into Kafka as face crops. */
@Command(name = "ingest",
        description = "Decodes a camera (video file or rtsp:// stream), detects, tracks and crops faces, and publishes "
                + "them to Kafka (heed.face-crops.v1, heed.frame-summaries.v1). Exits when a file source has ended "
                + "(status 1 if the camera failed); runs until stopped otherwise.")
public final class IngestCommand implements Callable<Integer> {
    public static final int DEFAULT_HTTP_PORT = 9401;
    private static final Logger log = LoggerFactory.getLogger(IngestCommand.class);

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    HttpOptions http;

    @Option(names = "--camera-id", paramLabel = "ID", defaultValue = "${env:HEED_INGEST_CAMERA_ID}",
            description = "Camera id used in record keys (<camera>/<track>) and metric labels: letters, digits, '.', '_', '-', "
                    + "up to 64 characters (env HEED_INGEST_CAMERA_ID). Required.")
    String cameraId;

    @Option(names = "--source", paramLabel = "FILE|rtsp://URL", defaultValue = "${env:HEED_INGEST_SOURCE}",
            description = "Video file path or rtsp:// URL of the camera (env HEED_INGEST_SOURCE). Credentials in the URL are never "
                    + "logged. Required.")
    String source;

    @Option(names = "--sample-fps", paramLabel = "FPS", defaultValue = "${env:HEED_INGEST_SAMPLE_FPS:-5}",
            description = "Frames per second to analyse, chosen by the stream's own timestamps; > 0 and <= 60 "
                    + "(env HEED_INGEST_SAMPLE_FPS). Default: ${DEFAULT-VALUE}.")
    double sampleFps;

    @Option(names = "--realtime", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:HEED_INGEST_REALTIME:-true}",
            description = "Read a file at its own frame rate, like a live camera; false reads it as fast as possible. "
                    + "No effect on rtsp:// sources, which the camera paces (env HEED_INGEST_REALTIME). Default: ${DEFAULT-VALUE}.")
    boolean realtime;

    @Option(names = "--loop", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:HEED_INGEST_LOOP:-false}",
            description = "Start a file again from the beginning when it ends, instead of exiting (env HEED_INGEST_LOOP). "
                    + "Default: ${DEFAULT-VALUE}.")
    boolean loop;

    @Option(names = "--models-dir", paramLabel = "DIR", defaultValue = "${env:HEED_MODELS_DIR:-" + IngestConfig.DEFAULT_MODELS_DIR + "}",
            description = "Folder holding the models; the detector defaults to " + IngestConfig.DETECTOR_MODEL_FILE
                    + " in it (env HEED_MODELS_DIR). Default: ${DEFAULT-VALUE}.")
    Path modelsDir;

    @Option(names = "--detector-model", paramLabel = "FILE", defaultValue = "${env:HEED_INGEST_DETECTOR_MODEL}",
            description = "YuNet 2023mar face detector, ONNX, fixed [1,3,640,640] input (env HEED_INGEST_DETECTOR_MODEL). "
                    + "Default: <models-dir>/" + IngestConfig.DETECTOR_MODEL_FILE + ".")
    Path detectorModel;

    @Option(names = "--score-threshold", paramLabel = "SCORE", defaultValue = "${env:HEED_INGEST_SCORE_THRESHOLD:-0.5}",
            description = "Minimum detector score for a face, > 0 and <= 1 (env HEED_INGEST_SCORE_THRESHOLD). OpenCV's usual 0.9 "
                    + "misses many turned faces. Default: ${DEFAULT-VALUE}.")
    float scoreThreshold;

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
            description = "How long an RTSP connect or read may block before the camera counts as failed, 1-300000 "
                    + "(env HEED_INGEST_RTSP_TIMEOUT_MS). Default: ${DEFAULT-VALUE}.")
    long rtspTimeoutMs;

    @Option(names = "--track-timeout-ms", paramLabel = "MS", defaultValue = "${env:HEED_INGEST_TRACK_TIMEOUT_MS:-1000}",
            description = "A face track ends after this much capture time without its face; a face seen again later gets "
                    + "a new track id (env HEED_INGEST_TRACK_TIMEOUT_MS). Default: ${DEFAULT-VALUE}.")
    long trackTimeoutMs;

    public static void main(String[] args) {
        System.exit(CommandRunner.run(new IngestCommand(), args));
    }

    /** The validated configuration the options describe. */
    public IngestConfig toConfig() {
        CameraConfig camera = new CameraConfig(cameraId, source, sampleFps, realtime, loop, Duration.ofMillis(rtspTimeoutMs));
        Path model = detectorModel != null ? detectorModel : modelsDir.resolve(IngestConfig.DETECTOR_MODEL_FILE);
        return new IngestConfig(List.of(camera), model, scoreThreshold, minFaceSize, cropMargin, cropSize, jpegQuality,
                intraOpThreads, Duration.ofMillis(trackTimeoutMs));
    }

    @Override
    public Integer call() throws Exception {
        IngestConfig config = toConfig();
        KafkaSettings settings = kafka.toSettings();
        int port = http.port(DEFAULT_HTTP_PORT);
        try (ServiceMain main = new ServiceMain()) {
            ServiceRunner runner = main.runner();
            IngestService service = main.start(new IngestService(config, settings, main.registry()), port);
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
