package dev.heed.ingest;

/** Where a camera worker is in its life. */
public enum CameraState {
    /** Opening the source. */
    STARTING,
    /** Reading frames and publishing. */
    RUNNING,
    /** A file source reached its end; everything it produced has been acknowledged by Kafka. */
    FINISHED,
    /** Stopped by an error (cannot open, decode error, stalled stream); the error was logged and counted. */
    FAILED,
    /** Stopped on request (shutdown). */
    STOPPED;

    /** True for states the worker never leaves. */
    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == STOPPED;
    }
}
