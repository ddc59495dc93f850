package dev.heed.inference.model;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Mirror averaging, {@code NAME-mirror}: an estimator and the same estimator on the mirrored face
 * ({@link MirroredEstimator}) as the two equal members of an {@link EnsembleEstimator}, combined like any ensemble.
 * The mean cancels a model's left-right bias (Hopenet-lite leans about -2 degrees in yaw and roll) at twice the model
 * cost; the ensemble runs both members in one call of the estimator, so the model sees the faces and their mirrors
 * as one batch. Any single estimator can be mirrored this way: {@code hopenet-mirror} is listed (with its measured
 * error), {@code 3ddfa-mirror} and the others are made on request by name ({@link PoseEstimators#factory}).
 */
public final class MirrorAveraging implements EstimatorFactory {
    /** After an estimator's name: that estimator averaged with its mirror. */
    public static final String SUFFIX = "-mirror";
    /** After the estimator's name in pose events, e.g. hopenet-lite-shufflenetv2+mirror; the version stays the model's. */
    public static final String IDENTITY_SUFFIX = "+mirror";

    private final EstimatorFactory base;
    private final double measuredMaeDeg;

    /**
     * @param base           the estimator to mirror
     * @param measuredMaeDeg mean MAE of the pair as {@code heed eval} measured it, NaN where unknown
     */
    public MirrorAveraging(EstimatorFactory base, double measuredMaeDeg) {
        this.base = base;
        this.measuredMaeDeg = measuredMaeDeg;
    }

    /** The estimator averaged with itself on the mirrored faces; closing the result closes the estimator. */
    public static EnsembleEstimator average(PoseEstimator estimator) {
        ModelIdentity identity = new ModelIdentity(estimator.identity().name() + IDENTITY_SUFFIX, estimator.identity().version());
        return new EnsembleEstimator(identity, List.of(estimator, new MirroredEstimator(estimator)), new double[] {1, 1});
    }

    @Override
    public String name() {
        return base.name() + SUFFIX;
    }

    @Override
    public List<Path> modelFiles(Path modelsDir, Path hopenetModel) {
        return base.modelFiles(modelsDir, hopenetModel);
    }

    @Override
    public String input() {
        return base.input() + "; and the same on the face's left-right mirror image, both in one call";
    }

    @Override
    public String output() {
        return base.output() + "; averaged with the mirror's (yaw and roll negated) as an equal-weight ensemble: spread and "
                + "confidence over the mixture of both";
    }

    @Override
    public double measuredMaeDeg() {
        return measuredMaeDeg;
    }

    /** Mirrors once, whatever --mirror says: the base is opened with it off. */
    @Override
    public PoseEstimator open(EstimatorSetup setup) throws IOException, OrtException {
        EstimatorSetup unmirrored = new EstimatorSetup(setup.hopenet().withMirror(false), setup.modelsDir());
        return average(base.open(unmirrored));
    }
}
