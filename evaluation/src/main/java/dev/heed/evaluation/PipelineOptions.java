package dev.heed.evaluation;

import dev.heed.common.onnx.ModelsDirectory;
import dev.heed.ingest.DetectorInputSize;
import dev.heed.ingest.IngestConfig;
import dev.heed.ingest.crop.CropPolicy;
import dev.heed.ingest.detect.DetectorException;
import dev.heed.ingest.detect.DetectorSettings;
import dev.heed.ingest.detect.DetectorKind;
import dev.heed.ingest.detect.FaceDetector;
import dev.heed.inference.model.PoseEstimator;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How the tools turn a raw image into a face crop: ingest's detector (YuNet or SCRFD) with ingest's default settings and ingest's
 * crop policy, with the crop margin and the choice of face as options. The environment variables are ingest's,
 * so by default the tools crop exactly as the configured ingest does.
 */
public final class PipelineOptions {
    @Option(names = "--detector", paramLabel = "yunet|scrfd", defaultValue = "${env:HEED_INGEST_DETECTOR:-yunet}",
            description = "Face detector, as ingest's --detector (env HEED_INGEST_DETECTOR): yunet (YuNet 2023mar) or scrfd "
                    + "(SCRFD 0.5 GF with keypoints). Default: ${DEFAULT-VALUE}.")
    String detector;

    @Option(names = "--detector-model", paramLabel = "FILE", defaultValue = "${env:HEED_INGEST_DETECTOR_MODEL}",
            description = "ONNX file of the detector, as ingest's --detector-model (env HEED_INGEST_DETECTOR_MODEL). "
                    + "Default: the detector's model file in $HEED_MODELS_DIR (yunet-s-dynamic.onnx, scrfd-500m-kps.onnx).")
    Path detectorModel;

    @Option(names = "--detector-input-size", paramLabel = "auto|PIXELS", defaultValue = "${env:HEED_INGEST_DETECTOR_INPUT_SIZE:-auto}",
            converter = DetectorInputSize.class,
            description = "The detector's input, as ingest's --detector-input-size (env HEED_INGEST_DETECTOR_INPUT_SIZE): auto "
                    + "follows the image (its longer side brought into 640-1920), or the side of a square it is scaled into, a "
                    + "multiple of 32; a fixed-input model runs only at its own size. Default: ${DEFAULT-VALUE}.")
    int detectorInputSize;

    @Option(names = "--crop-margin", paramLabel = "FRACTION", defaultValue = "${env:HEED_INGEST_CROP_MARGIN}",
            description = "Crop margin on each side as a fraction of the face box's longer side, as ingest's --crop-margin "
                    + "(env HEED_INGEST_CROP_MARGIN). Default: ingest's default, " + CropPolicy.DEFAULT_MARGIN + ".")
    Double cropMargin;

    @Option(names = "--face", paramLabel = "centre|score", defaultValue = "centre",
            description = "Which detected face an image's labels belong to: the one nearest the image centre, or the "
                    + "highest-scoring one. Default: ${DEFAULT-VALUE}.")
    FaceChoice face;

    /** The detector's name as configured, lower case (yunet, scrfd). */
    public String detectorName() {
        return DetectorKind.parse(detector).name().toLowerCase(java.util.Locale.ROOT);
    }

    public CropPolicy cropPolicy() {
        double margin = cropMargin != null ? cropMargin : CropPolicy.DEFAULT_MARGIN;
        try {
            return new CropPolicy(margin, CropPolicy.DEFAULT_SIZE);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--crop-margin: " + e.getMessage(), e);
        }
    }

    /**
     * The detector's name, its model file and the crop margin, checked before anything loads: a bad value is an
     * IllegalArgumentException naming its flag.
     */
    public void check() {
        cropPolicy();
        Path model = detectorModel();
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("--detector-model file not found: " + model.toAbsolutePath()
                    + " (set --detector-model, or HEED_MODELS_DIR to the folder holding " + DetectorKind.parse(detector).defaultModelFile() + ")");
        }
    }

    private Path detectorModel() {
        DetectorKind kind = DetectorKind.parse(detector);
        return detectorModel != null ? detectorModel : ModelsDirectory.fromEnvironment().resolve(kind.defaultModelFile());
    }

    /** The pipeline around the estimator; closes the estimator if the detector cannot be loaded. */
    public PosePipeline pipeline(PoseEstimator estimator) throws DetectorException {
        CropPolicy policy;
        FaceDetector faceDetector;
        try {
            policy = cropPolicy();
            DetectorSettings settings;
            try {
                settings = DetectorSettings.defaults().withInputSize(detectorInputSize);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--detector-input-size: " + e.getMessage(), e);
            }
            faceDetector = DetectorKind.parse(detector).create(detectorModel(), settings);
        } catch (DetectorException | RuntimeException e) {
            estimator.close();
            throw e;
        }
        return new PosePipeline(faceDetector, face, policy, IngestConfig.DEFAULT_JPEG_QUALITY, estimator);
    }
}
