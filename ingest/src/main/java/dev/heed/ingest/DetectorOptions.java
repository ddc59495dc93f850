package dev.heed.ingest;

import dev.heed.ingest.detect.DetectorKind;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The detector flags of heed ingest, shared with heed demo so a trial runs what ingest would, under the same names. */
public final class DetectorOptions {
    @Option(names = "--detector", paramLabel = "yunet|scrfd", defaultValue = "${env:HEED_INGEST_DETECTOR:-yunet}",
            description = "Face detector: yunet (YuNet, model yunet-s-dynamic.onnx) or scrfd (SCRFD 0.5 GF with keypoints, "
                    + "model scrfd-500m-kps.onnx; stronger on small and profile faces, slower) (env HEED_INGEST_DETECTOR). "
                    + "Default: ${DEFAULT-VALUE}.")
    String detector;

    @Option(names = "--detector-model", paramLabel = "FILE", defaultValue = "${env:HEED_INGEST_DETECTOR_MODEL}",
            description = "ONNX file of the detector (env HEED_INGEST_DETECTOR_MODEL). Default: the detector's model file in "
                    + "the models folder (HEED_MODELS_DIR; heed ingest: --models-dir).")
    Path detectorModel;

    @Option(names = "--detector-input-size", paramLabel = "auto|PIXELS", defaultValue = "${env:HEED_INGEST_DETECTOR_INPUT_SIZE:-auto}",
            converter = DetectorInputSize.class,
            description = "The detector's input: auto follows the frame (its own resolution, the longer side brought into "
                    + "640-1920, so a 1080p frame is searched whole: a 55 px face stays 55 px instead of 18 px in a 640 square; "
                    + "about 5x the detection cost of 640 at 1080p, 2.3x at 720p); or the side of a square the frame is scaled "
                    + "into, a multiple of 32 from 64 to 2048 (smaller is faster and misses small faces). A model with a fixed "
                    + "input (yunet-2023mar: 640) runs at its own size (env HEED_INGEST_DETECTOR_INPUT_SIZE). Default: ${DEFAULT-VALUE}.")
    int detectorInputSize;

    @Option(names = "--score-threshold", paramLabel = "SCORE", defaultValue = "${env:HEED_INGEST_SCORE_THRESHOLD:-0.5}",
            description = "Minimum detector score for a face, > 0 and <= 1 (env HEED_INGEST_SCORE_THRESHOLD). OpenCV's usual 0.9 "
                    + "misses many turned faces. Default: ${DEFAULT-VALUE}.")
    float scoreThreshold;

    /** The choice the flags make; an unknown detector name is an IllegalArgumentException naming --detector. */
    public DetectorChoice choice() {
        return new DetectorChoice(DetectorKind.parse(detector), detectorModel, detectorInputSize, scoreThreshold);
    }
}
