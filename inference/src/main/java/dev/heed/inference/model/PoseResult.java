package dev.heed.inference.model;

/**
 * What an estimator made of one face of a batch: its pose, or why that face has none. A face one estimator cannot
 * handle (the landmark baseline on a crop without landmarks) fails alone, so the other faces of its batch still get
 * their poses; a failure of the whole run (the model itself) is a {@link PoseEstimationException} instead.
 */
public sealed interface PoseResult permits PoseResult.Estimated, PoseResult.Failed {
    static PoseResult of(HeadPose pose) {
        return new Estimated(pose);
    }

    static PoseResult failed(String reasonCode, String reason) {
        return new Failed(reasonCode, reason);
    }

    /**
     * The pose, for callers that have checked {@link #failed()} or treat a failed face as a bug.
     *
     * @throws IllegalStateException if this face failed (the message says why)
     */
    HeadPose pose();

    default boolean failed() {
        return this instanceof Failed;
    }

    /** The face's pose. */
    record Estimated(HeadPose pose) implements PoseResult {
        public Estimated {
            if (pose == null) {
                throw new IllegalArgumentException("an estimated face needs its pose");
            }
        }
    }

    /**
     * No pose for this face.
     *
     * @param reasonCode short machine-readable code: the service's dead-letter reason code and metric label, e.g.
     *                   {@link LandmarkPoseEstimator#NO_LANDMARKS}
     * @param reason     what was wrong, for people; never pixels
     */
    record Failed(String reasonCode, String reason) implements PoseResult {
        public Failed {
            if (reasonCode == null || !reasonCode.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException("a failure needs a reason code in snake_case, got " + reasonCode);
            }
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a failure needs a reason");
            }
        }

        @Override
        public HeadPose pose() {
            throw new IllegalStateException("no pose for this face: " + reasonCode + " (" + reason + ")");
        }
    }
}
