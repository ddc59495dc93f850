package dev.heed.ingest.track;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.geometry.Rect;

/**
 * Tells whether a tracked person whose face the detector did not find is still in place (turned away, looking down)
 * or has gone (left the seat). The tracker tells it each face it sees, so it can learn what the person looks like,
 * and asks it about each track whose face is missing. One instance per camera; not thread-safe.
 */
public interface HeadPresence {
    /** Never in place: a track without its face ends after the tracker's timeout, as before hidden tracks existed. */
    HeadPresence NONE = new HeadPresence() {
        @Override
        public void faceSeen(long trackId, BgrImage frame, Rect faceBox) {
        }

        @Override
        public boolean headInPlace(long trackId, BgrImage frame, Rect lastFaceBox) {
            return false;
        }

        @Override
        public void forget(long trackId) {
        }
    };

    /** The track's face was detected at this box in this frame. */
    void faceSeen(long trackId, BgrImage frame, Rect faceBox);

    /** Whether the person of the track is still where its face was last seen, judged on this frame. */
    boolean headInPlace(long trackId, BgrImage frame, Rect lastFaceBox);

    /** The track has ended: drop what was learnt about it. */
    void forget(long trackId);
}
