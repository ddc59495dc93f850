package dev.heed.inference.model;

/** A pose model failed to run on a batch (runtime error, unexpected output); the crops themselves may be fine. */
public final class PoseEstimationException extends Exception {
    public PoseEstimationException(String message, Throwable cause) {
        super(message, cause);
    }
}
