package dev.heed.inference.model;

import dev.heed.common.image.BgrImage;
import java.util.List;

/**
 * Estimates head poses for a batch of face crops. The worker depends only on this, so another estimator
 * (a different network, an ensemble, a GPU build) can take Hopenet's place.
 */
public interface PoseEstimator extends AutoCloseable {
    /**
     * @param crops face crops, square around the detector box
     * @return one pose per crop, in the same order
     */
    List<HeadPose> estimate(List<BgrImage> crops) throws PoseEstimationException;

    /** The name and version written into every pose event. */
    ModelIdentity identity();

    /** Releases the model's native resources; not to be called while {@link #estimate} runs. */
    @Override
    void close();
}
