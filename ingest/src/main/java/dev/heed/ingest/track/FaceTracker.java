package dev.heed.ingest.track;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.detect.Detection;
import java.util.List;

/**
 * Gives each detected face a track id that stays the same for one person across frames of one camera, including
 * while the face is hidden but the person is still in place, and says when a person has gone.
 * One instance per camera; not thread-safe.
 */
public interface FaceTracker {
    /**
     * Matches one frame's detections to the live tracks, and judges the tracks whose face was not found.
     *
     * @param detections    the frame's faces
     * @param frame         the frame itself, for judging whether a person whose face is missing is still there
     * @param captureTimeMs the frame's capture time; frames must come in capture-time order
     */
    TrackedFrame update(List<Detection> detections, BgrImage frame, long captureTimeMs);

    /**
     * Ends every live track because the stream has ended: nothing more will be seen of them.
     *
     * @return the ended tracks (reason {@link TrackedFrame.EndReason#STREAM_ENDED}), no faces, no hidden heads
     */
    TrackedFrame endAll();

    /** Tracks currently alive (seen, or hidden in place, recently enough to be matched again). */
    int activeTracks();

    /** Of the active tracks, those whose face was not found in the last frame but whose head is in place. */
    int hiddenTracks();
}
