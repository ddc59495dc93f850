package dev.heed.inference.model;

import java.util.List;

/** For tests whose faces must all get a pose: a face the estimator fails throws, naming its reason. */
public final class Poses {
    private Poses() {
    }

    public static List<HeadPose> of(PoseEstimator estimator, List<FaceImage> faces) throws PoseEstimationException {
        return estimator.estimate(faces).stream().map(PoseResult::pose).toList();
    }
}
