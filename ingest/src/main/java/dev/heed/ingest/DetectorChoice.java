package dev.heed.ingest;

import dev.heed.ingest.detect.DetectorKind;
import dev.heed.ingest.detect.DetectorSettings;
import java.nio.file.Path;

/**
 * Which face detector runs and how, as a trial (heed demo) chooses it with ingest's own flags; {@link IngestConfig}
 * validates the values.
 *
 * @param kind           yunet or scrfd (--detector)
 * @param model          its ONNX file (--detector-model), or null for the kind's default file in the models folder
 * @param inputSize      the side of its square input in pixels, or {@link DetectorSettings#AUTO_INPUT_SIZE} to follow the frame (--detector-input-size)
 * @param scoreThreshold minimum score of a face (--score-threshold)
 */
public record DetectorChoice(DetectorKind kind, Path model, int inputSize, float scoreThreshold) {
    /** YuNet with its default file and settings. */
    public static final DetectorChoice DEFAULT = new DetectorChoice(DetectorKind.YUNET, null, DetectorSettings.DEFAULT_INPUT_SIZE,
            DetectorSettings.DEFAULT_SCORE_THRESHOLD);

    public DetectorChoice {
        if (kind == null) {
            throw new IllegalArgumentException("--detector must be yunet or scrfd");
        }
    }

    /** The model file: the one given, else the kind's default file in the folder. */
    public Path modelIn(Path modelsDir) {
        return model != null ? model : modelsDir.resolve(kind.defaultModelFile());
    }
}
