package dev.heed.inference.model;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Hopenet (the default), or any model with its interface: the configured --model and contract flags, mirror
 * averaging as --mirror says; {@link #MIRROR} always mirrors.
 */
public final class HopenetEstimator implements EstimatorFactory {
    public static final String NAME = "hopenet";
    public static final String MIRROR_NAME = "hopenet-mirror";
    public static final HopenetEstimator PLAIN = new HopenetEstimator(false);
    public static final HopenetEstimator MIRROR = new HopenetEstimator(true);

    private final boolean alwaysMirror;

    private HopenetEstimator(boolean alwaysMirror) {
        this.alwaysMirror = alwaysMirror;
    }

    @Override
    public String name() {
        return alwaysMirror ? MIRROR_NAME : NAME;
    }

    @Override
    public List<Path> modelFiles(Path modelsDir, Path hopenetModel) {
        return List.of(hopenetModel);
    }

    /** Measured for hopenet-lite-shufflenetv2 (another --model has other errors). */
    @Override
    public double measuredMaeDeg() {
        return alwaysMirror ? 4.63 : 4.92;
    }

    @Override
    public String input() {
        return "the configured contract (default " + ModelContract.HOPENET + "); crop: " + FaceRegion.SQUARE + " (ingest's margin-0 square)";
    }

    @Override
    public String output() {
        return (alwaysMirror ? "the face and its mirror in one batch, averaged; " : "")
                + "yaw/pitch/roll logits [N,66] -> softmax expectation; confidence 1 - bin spread / 57.16 deg"
                + (alwaysMirror ? " over the mixture of both" : "");
    }

    @Override
    public PoseEstimator open(EstimatorSetup setup) throws IOException, OrtException {
        return HopenetModel.open(alwaysMirror ? setup.hopenet().withMirror(true) : setup.hopenet());
    }
}
