package dev.heed.inference.model;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * 3DDFA_V2 (MobileNetV1 x0.5): fits a 3D morphable face and reads its rotation, the 3DMM approach to pose. Its
 * roi is its own crop rule (MODELS.md): centre moved down by 0.14 of the box's mean side, side factor x that
 * mean side, factor 1.05 with YuNet boxes (measured below). Output {@code ypr_deg_xyz}.
 */
public final class ThreeDdfaEstimator implements EstimatorFactory {
    public static final String NAME = "3ddfa";
    public static final String MODEL_FILE = "3ddfa-v2-mb05-pose.onnx";
    static final String OUTPUT = "ypr_deg_xyz";
    static final ModelContract CONTRACT = ModelContract.bgrCentred(120);
    /**
     * Side factor measured on aflw2000-dev with YuNet boxes, cut from ingest's margin-0 crop: mean MAE 3.78 at 0.9,
     * 3.62 at 1.0, 3.57 at 1.05, 3.56 at 1.1, 3.73 at 1.15, 3.80 at 1.2; 1.05 keeps off the edge where it worsens.
     * The roi reaches below ingest's square; the black fill there costs nothing measurable (a 0.3 context margin
     * in the crop gave 3.67 at 1.0 and 3.62 at 1.1).
     */
    static final FaceRegion REGION = new FaceRegion(FaceRegion.Base.MEAN_SIDE, 1.05, 0.14);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Path> modelFiles(Path modelsDir, Path hopenetModel) {
        return List.of(modelsDir.resolve(MODEL_FILE));
    }

    @Override
    public double measuredMaeDeg() {
        return 3.57;
    }

    @Override
    public double measuredMirroredMaeDeg() {
        return 3.52;
    }

    @Override
    public String input() {
        return CONTRACT + "; crop: " + REGION;
    }

    @Override
    public String output() {
        return OUTPUT + " [N,3] degrees (yaw, pitch, roll in AFLW2000's order); confidence unknown alone (NaN)";
    }

    @Override
    public PoseEstimator open(EstimatorSetup setup) throws IOException, OrtException {
        return DegreesModel.open(NAME, setup.model(MODEL_FILE), OUTPUT, CONTRACT, REGION, setup);
    }
}
