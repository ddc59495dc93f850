package dev.heed.ingest;

/**
 * A camera's state as health checks and tests see it.
 *
 * @param state   the current state
 * @param sinceMs wall-clock time the camera entered it, Unix epoch ms
 * @param detail  why, for RECONNECTING and FAILED (the latest error, credentials removed); otherwise empty
 * @param started whether the camera has ever connected (or, for a file, started reading)
 */
public record CameraStatus(CameraState state, long sinceMs, String detail, boolean started) {
}
