package dev.heed.ingest.track;

import dev.heed.ingest.detect.Detection;

/** A detection with the id of the track (person) it was assigned to. */
public record TrackedFace(long trackId, Detection detection) {
}
