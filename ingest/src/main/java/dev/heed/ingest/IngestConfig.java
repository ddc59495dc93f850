package dev.heed.ingest;

import dev.heed.common.onnx.ModelsDirectory;
import dev.heed.ingest.crop.CropPolicy;
import dev.heed.ingest.detect.DetectorKind;
import dev.heed.ingest.detect.DetectorSettings;
import dev.heed.ingest.track.TrackerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the ingest service needs besides Kafka, validated up front so that a bad value fails with a
 * message naming its flag instead of deep inside a camera thread.
 *
 * @param cameras           the cameras to start with, ids unique; at least one unless a cameras file is watched
 * @param camerasFile       the cameras file to watch for added, removed and changed cameras, or null
 * @param detector          which face detector
 * @param detectorModel     its ONNX file
 * @param detectorInputSize side of the detector's square input, pixels, a multiple of 32, or
 *                          {@link DetectorSettings#AUTO_INPUT_SIZE} (follows the frame)
 * @param scoreThreshold    detector score threshold, (0, 1]
 * @param minFaceSize       faces smaller than this on their longer side (pixels) are ignored; 0 keeps all
 * @param cropMargin        crop margin as a fraction of the face box's longer side, [0, 1]
 * @param cropSize          side of the published crops, pixels (the pose model's input size)
 * @param jpegQuality       JPEG quality of the published crops, 1-100
 * @param intraOpThreads    ONNX Runtime threads per detector
 * @param tracker           when tracks are kept while the face is hidden, and when they end
 * @param stream            timeouts and retries of live cameras
 */
public record IngestConfig(List<CameraConfig> cameras, CamerasFile camerasFile, DetectorKind detector, Path detectorModel,
                           int detectorInputSize, float scoreThreshold, float minFaceSize, double cropMargin, int cropSize,
                           int jpegQuality, int intraOpThreads, TrackerSettings tracker, StreamSettings stream) {
    /** Where the shared models live unless HEED_MODELS_DIR says otherwise (relative to the working directory). */
    public static final String DEFAULT_MODELS_DIR = ModelsDirectory.DEFAULT;
    /** The default detector's model file. */
    public static final String DETECTOR_MODEL_FILE = DetectorKind.YUNET.defaultModelFile();
    public static final int DEFAULT_JPEG_QUALITY = 90;

    public IngestConfig {
        cameras = List.copyOf(cameras == null ? List.of() : cameras);
        if (cameras.isEmpty() && camerasFile == null) {
            throw new IllegalArgumentException("no camera: give --camera-id and --source, or --cameras FILE");
        }
        Set<String> ids = new HashSet<>();
        for (CameraConfig c : cameras) {
            if (!ids.add(c.cameraId())) {
                throw new IllegalArgumentException("--camera-id " + c.cameraId() + " is used by more than one camera");
            }
        }
        if (detector == null) {
            throw new IllegalArgumentException("--detector must be yunet or scrfd");
        }
        if (detectorModel == null || !Files.isRegularFile(detectorModel)) {
            throw new IllegalArgumentException("--detector-model file not found: "
                    + (detectorModel == null ? "(none)" : detectorModel.toAbsolutePath())
                    + " (set --detector-model, or --models-dir / HEED_MODELS_DIR to the folder holding " + detector.defaultModelFile() + ")");
        }
        if (detectorInputSize != DetectorSettings.AUTO_INPUT_SIZE
                && (detectorInputSize < 64 || detectorInputSize > 2048 || detectorInputSize % 32 != 0)) {
            throw new IllegalArgumentException("--detector-input-size must be auto or a multiple of 32 from 64 to 2048, got " + detectorInputSize);
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
        if (tracker == null) {
            throw new IllegalArgumentException("tracker settings are required");
        }
        if (stream == null) {
            throw new IllegalArgumentException("stream settings are required");
        }
    }

    /** The given cameras with every other setting at its default (YuNet). */
    public static IngestConfig withDefaults(List<CameraConfig> cameras, Path detectorModel) {
        return defaults(cameras, DetectorKind.YUNET, detectorModel, DetectorSettings.DEFAULT_INPUT_SIZE, DetectorSettings.DEFAULT_SCORE_THRESHOLD);
    }

    /** The given cameras and detector (its model file, unless it names one, from the models folder), the rest at the defaults. */
    public static IngestConfig withDefaults(List<CameraConfig> cameras, DetectorChoice detector, Path modelsDir) {
        return defaults(cameras, detector.kind(), detector.modelIn(modelsDir), detector.inputSize(), detector.scoreThreshold());
    }

    private static IngestConfig defaults(List<CameraConfig> cameras, DetectorKind kind, Path model, int inputSize, float scoreThreshold) {
        return new IngestConfig(cameras, null, kind, model, inputSize, scoreThreshold, 0f, CropPolicy.DEFAULT_MARGIN, CropPolicy.DEFAULT_SIZE,
                DEFAULT_JPEG_QUALITY, 1, TrackerSettings.DEFAULT, StreamSettings.DEFAULT);
    }

    public IngestConfig withStream(StreamSettings stream) {
        return new IngestConfig(cameras, camerasFile, detector, detectorModel, detectorInputSize, scoreThreshold, minFaceSize, cropMargin,
                cropSize, jpegQuality, intraOpThreads, tracker, stream);
    }

    /** Watches the file; the cameras given stay the ones to start with. */
    public IngestConfig withCamerasFile(CamerasFile file) {
        return new IngestConfig(cameras, file, detector, detectorModel, detectorInputSize, scoreThreshold, minFaceSize, cropMargin,
                cropSize, jpegQuality, intraOpThreads, tracker, stream);
    }

    public DetectorSettings detectorSettings() {
        return new DetectorSettings(detectorInputSize, scoreThreshold, DetectorSettings.DEFAULT_NMS_IOU_THRESHOLD, DetectorSettings.DEFAULT_TOP_K,
                minFaceSize, intraOpThreads);
    }

    public CropPolicy cropPolicy() {
        return new CropPolicy(cropMargin, cropSize);
    }
}
