package dev.heed.ingest.detect;

/** The detector could not be loaded or failed to run on a frame. */
public final class DetectorException extends Exception {
    public DetectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
