package dev.heed.ingest;

import dev.heed.common.onnx.ModelsDirectory;
import dev.heed.ingest.crop.CropPolicy;
import dev.heed.ingest.detect.DetectorSettings;
import dev.heed.ingest.track.IouTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the ingest service needs besides Kafka, validated up front so that a bad value fails with a
 * message naming its flag instead of deep inside a camera thread.
 *
 * @param cameras         the cameras, at least one, ids unique
 * @param detectorModel   the YuNet 2023mar ONNX file
 * @param scoreThreshold  detector score threshold, (0, 1]
 * @param minFaceSize     faces smaller than this on their longer side (pixels) are ignored; 0 keeps all
 * @param cropMargin      crop margin as a fraction of the face box's longer side, [0, 1]
 * @param cropSize        side of the published crops, pixels (the pose model's input size)
 * @param jpegQuality     JPEG quality of the published crops, 1-100
 * @param intraOpThreads  ONNX Runtime threads per detector
 * @param trackMaxUnseen  a track ends after this much capture time without its face
 */
public record IngestConfig(List<CameraConfig> cameras, Path detectorModel, float scoreThreshold, float minFaceSize,
                           double cropMargin, int cropSize, int jpegQuality, int intraOpThreads, Duration trackMaxUnseen) {
    /** Where the shared models live unless HEED_MODELS_DIR says otherwise (relative to the working directory). */
    public static final String DEFAULT_MODELS_DIR = ModelsDirectory.DEFAULT;
    public static final String DETECTOR_MODEL_FILE = "yunet-2023mar.onnx";
    public static final int DEFAULT_JPEG_QUALITY = 90;

    public IngestConfig {
        if (cameras == null || cameras.isEmpty()) {
            throw new IllegalArgumentException("at least one camera is needed (--camera-id and --source)");
        }
        cameras = List.copyOf(cameras);
        Set<String> ids = new HashSet<>();
        for (CameraConfig c : cameras) {
            if (!ids.add(c.cameraId())) {
                throw new IllegalArgumentException("--camera-id " + c.cameraId() + " is used by more than one camera");
            }
        }
        if (detectorModel == null || !Files.isRegularFile(detectorModel)) {
            throw new IllegalArgumentException("--detector-model file not found: "
                    + (detectorModel == null ? "(none)" : detectorModel.toAbsolutePath())
                    + " (set --detector-model, or HEED_MODELS_DIR to the folder holding " + DETECTOR_MODEL_FILE + ")");
        }
        if (!(scoreThreshold > 0 && scoreThreshold <= 1)) {
            throw new IllegalArgumentException("--score-threshold must be > 0 and <= 1, got " + scoreThreshold);
        }
        if (!(minFaceSize >= 0)) {
            throw new IllegalArgumentException("--min-face-size must be >= 0 pixels, got " + minFaceSize);
        }
        if (!(cropMargin >= 0 && cropMargin <= 1)) {
            throw new IllegalArgumentException("--crop-margin must be between 0 and 1, got " + cropMargin);
        }
        if (cropSize < 16 || cropSize > 1024) {
            throw new IllegalArgumentException("--crop-size must be 16-1024 pixels, got " + cropSize);
        }
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("--jpeg-quality must be 1-100, got " + jpegQuality);
        }
        if (intraOpThreads < 1 || intraOpThreads > 64) {
            throw new IllegalArgumentException("--intra-op-threads must be 1-64, got " + intraOpThreads);
        }
        if (trackMaxUnseen == null || trackMaxUnseen.toMillis() < 1) {
            throw new IllegalArgumentException("--track-timeout-ms must be >= 1, got " + (trackMaxUnseen == null ? null : trackMaxUnseen.toMillis()));
        }
    }

    /** The given cameras with every other setting at its default. */
    public static IngestConfig withDefaults(List<CameraConfig> cameras, Path detectorModel) {
        return new IngestConfig(cameras, detectorModel, DetectorSettings.DEFAULT_SCORE_THRESHOLD, 0f,
                CropPolicy.DEFAULT_MARGIN, CropPolicy.DEFAULT_SIZE, DEFAULT_JPEG_QUALITY, 1, IouTracker.DEFAULT_MAX_UNSEEN);
    }

    /** {@code $HEED_MODELS_DIR/yunet-2023mar.onnx}, or under ../shared/models when the variable is unset. */
    public static Path defaultDetectorModel() {
        return ModelsDirectory.fromEnvironment().resolve(DETECTOR_MODEL_FILE);
    }

    public DetectorSettings detectorSettings() {
        return new DetectorSettings(scoreThreshold, DetectorSettings.DEFAULT_NMS_IOU_THRESHOLD, DetectorSettings.DEFAULT_TOP_K,
                minFaceSize, intraOpThreads);
    }

    public CropPolicy cropPolicy() {
        return new CropPolicy(cropMargin, cropSize);
    }
}
