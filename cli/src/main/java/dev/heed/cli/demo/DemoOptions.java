package dev.heed.cli.demo;

import dev.heed.evaluation.pipeline.LocalPipeline;
import dev.heed.inference.InferenceConfig;
import dev.heed.inference.model.PoseEstimators;
import dev.heed.ingest.DetectorOptions;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What the demo reads and how; the ingest and inference settings under the names (and variables) of those services. */
public final class DemoOptions {
    @Option(names = "--source", paramLabel = "FILE|rtsp://...", defaultValue = "${env:HEED_DEMO_CLIP:-../shared/data/clips/office-turns.mp4}",
            description = "Video file or RTSP URL to read (env HEED_DEMO_CLIP). Default: the sample clip ${DEFAULT-VALUE}.")
    String source;

    @Option(names = "--camera-id", defaultValue = "demo-cam", description = "Camera id the video is published under. Default: ${DEFAULT-VALUE}.")
    String cameraId;

    @Option(names = "--sample-fps", paramLabel = "FPS", defaultValue = "${env:HEED_INGEST_SAMPLE_FPS:-5}",
            description = "Frames per second analysed, as heed ingest's --sample-fps; > 0 and <= 60 (env HEED_INGEST_SAMPLE_FPS). "
                    + "Default: ${DEFAULT-VALUE}.")
    double sampleFps;

    @Option(names = "--loop", description = "Play a video file again and again (until --for or Ctrl-C).")
    boolean loop;

    @Option(names = "--fast", description = "Read a video file as fast as possible instead of at its own frame rate.")
    boolean fast;

    @Mixin
    DetectorOptions detector;

    @Option(names = "--estimator", paramLabel = "NAME", defaultValue = "${env:HEED_INFERENCE_ESTIMATOR:-" + PoseEstimators.DEFAULT + "}",
            description = "Pose estimator, as heed inference's --estimator (env HEED_INFERENCE_ESTIMATOR): a name listed by heed "
                    + "models, NAME-mirror, or an ensemble such as 3ddfa+fsanet:weighted. Default: ${DEFAULT-VALUE}.")
    String estimator;

    @Option(names = "--model", paramLabel = "FILE", defaultValue = "${env:HEED_INFERENCE_MODEL}",
            description = "Hopenet-style model file, as heed inference's --model (env HEED_INFERENCE_MODEL), e.g. the int8 model "
                    + "heed quantize writes. Default: " + InferenceConfig.DEFAULT_MODEL_FILE + " in $HEED_MODELS_DIR.")
    Path model;

    public LocalPipeline.Plan plan() {
        return new LocalPipeline.Plan(cameraId, source, sampleFps, !fast, loop, estimator, model, detector.choice());
    }
}
