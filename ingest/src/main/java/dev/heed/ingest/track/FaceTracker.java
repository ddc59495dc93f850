package dev.heed.ingest.track;

import dev.heed.ingest.detect.Detection;
import java.util.List;

/**
 * Gives each detected face a track id that stays the same for one person across frames of one camera.
 * One instance per camera; not thread-safe.
 */
public interface FaceTracker {
    /**
     * Matches one frame's detections to the live tracks.
     *
     * @param detections    the frame's faces
     * @param captureTimeMs the frame's capture time; frames must come in capture-time order
     * @return one entry per detection, in the same order
     */
    List<TrackedFace> update(List<Detection> detections, long captureTimeMs);

    /** Tracks currently alive (seen recently enough to be matched again). */
    int activeTracks();
}
