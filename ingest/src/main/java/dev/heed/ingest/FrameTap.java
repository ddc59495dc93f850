package dev.heed.ingest;

import dev.heed.ingest.source.VideoFrame;
import dev.heed.ingest.track.TrackedFrame;

/**
 * Sees each analysed frame of one camera and what its tracker made of it (faces, hidden heads, ended tracks), on the camera's processing thread, after the
 * frame's records were handed to Kafka. It must return at once (hand the work to a thread of its own, drop
 * rather than wait): the camera never waits for it. The live preview is one.
 */
@FunctionalInterface
public interface FrameTap {
    FrameTap NONE = (frame, tracked) -> { };

    void frame(VideoFrame frame, TrackedFrame tracked);
}
