package dev.heed.ingest.preview;

/**
 * One analysed frame as the preview keeps it, in memory only: the downscaled JPEG and the frame's event for viewers
 * (capture time, size, each face's track id, box and landmarks in frame pixels).
 */
record PreviewFrame(long captureTimeMs, byte[] jpeg, String eventJson) {
}
