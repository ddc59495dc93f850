package dev.heed.ingest;

/** Where a camera is in its life. */
public enum CameraState {
    /** Opening the source for the first time. */
    STARTING,
    /** Connected (or, for a file, reading) and publishing. */
    RUNNING,
    /** A live stream was lost, stalled or could not be reached; retrying with capped backoff, forever. */
    RECONNECTING,
    /** A file source reached its end; everything it produced has been acknowledged by Kafka. */
    FINISHED,
    /** Stopped by an error that retrying cannot fix (a file that is missing or not video, a detector error). */
    FAILED,
    /** Stopped on request (shutdown, or the camera was removed or changed in the cameras file). */
    STOPPED;

    /** True for states the camera never leaves. */
    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == STOPPED;
    }
}
