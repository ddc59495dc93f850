package dev.heed.inference.model;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Hopenet (the default), or any model with its interface: the configured --model and contract flags. With --mirror
 * it is mirror averaged ({@link MirrorAveraging#average}), exactly as {@code hopenet-mirror} always is.
 */
public final class HopenetEstimator implements EstimatorFactory {
    public static final String NAME = "hopenet";
    public static final HopenetEstimator INSTANCE = new HopenetEstimator();
    /** hopenet-mirror: Hopenet averaged with its mirror, whatever --mirror says. */
    public static final MirrorAveraging MIRRORED = new MirrorAveraging(INSTANCE, INSTANCE.measuredMirroredMaeDeg());

    private HopenetEstimator() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Path> modelFiles(Path modelsDir, Path hopenetModel) {
        return List.of(hopenetModel);
    }

    /** Measured for hopenet-lite-shufflenetv2 (another --model has other errors). */
    @Override
    public double measuredMaeDeg() {
        return 4.92;
    }

    @Override
    public double measuredMirroredMaeDeg() {
        return 4.63;
    }

    @Override
    public String input() {
        return "the configured contract (default " + ModelContract.HOPENET + "); crop: " + FaceRegion.SQUARE + " (ingest's margin-0 square)";
    }

    @Override
    public String output() {
        return "yaw/pitch/roll logits [N,66] -> softmax expectation; confidence 1 - bin spread / 57.16 deg";
    }

    @Override
    public PoseEstimator open(EstimatorSetup setup) throws IOException, OrtException {
        HopenetModel model = HopenetModel.open(setup.hopenet());
        return setup.hopenet().mirror() ? MirrorAveraging.average(model) : model;
    }
}
