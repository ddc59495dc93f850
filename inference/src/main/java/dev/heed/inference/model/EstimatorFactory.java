package dev.heed.inference.model;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One pose estimator as a plug-in: its name, what it needs, and how to open it. Adding an estimator is one
 * class implementing this plus one entry in {@link PoseEstimators#FACTORIES}; nothing outside inference changes.
 */
public interface EstimatorFactory {
    /** The name users pick it by ({@code --estimator}), lower case, no '+' (that joins ensemble members). */
    String name();

    /** Model files it loads: from the models folder, or for Hopenet the configured --model file. */
    List<Path> modelFiles(Path modelsDir, Path hopenetModel);

    /** Input contract and crop rule, one line for {@code heed models}. */
    String input();

    /** What it outputs and how its confidence is made, one line for {@code heed models}. */
    String output();

    /**
     * Mean MAE (degrees) of this estimator on aflw2000-dev, whole pipeline, as {@code heed eval --estimator all}
     * measured it (evaluation/README.md), with its default model: the weight of an inverse-error ensemble is its
     * reciprocal. NaN where unknown (it cannot join a weighted ensemble then).
     */
    double measuredMaeDeg();

    /**
     * Mean MAE of {@code NAME-mirror} (this estimator averaged with its mirror, {@link MirrorAveraging}), measured the
     * same way; NaN where unknown.
     */
    default double measuredMirroredMaeDeg() {
        return Double.NaN;
    }

    PoseEstimator open(EstimatorSetup setup) throws IOException, OrtException;
}
