package dev.heed.inference.model;

import java.util.List;

/**
 * Estimates head poses for a batch of faces. The worker, the evaluation and the benchmark depend only on this,
 * so another estimator (a different network, one with another crop rule, an ensemble) can take Hopenet's place:
 * each implementation owns its preprocessing, from the {@link FaceImage} to its model's input.
 */
public interface PoseEstimator extends AutoCloseable {
    /**
     * @param faces faces, each in an image with its box (in the service: ingest's crop)
     * @return one result per face, in the same order: its pose, or why this estimator cannot handle that face
     *         (which fails that face only, never its batch)
     * @throws PoseEstimationException if the run as a whole failed (the model), so no face has a pose
     */
    List<PoseResult> estimate(List<FaceImage> faces) throws PoseEstimationException;

    /** The name and version written into every pose event. */
    ModelIdentity identity();

    /** Where the estimator runs, for logs and benchmarks, e.g. "CPU" or "CUDA:0". */
    String provider();

    /** Releases the model's native resources; not to be called while {@link #estimate} runs. */
    @Override
    void close();
}
