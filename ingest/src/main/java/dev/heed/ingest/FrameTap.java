package dev.heed.ingest;

import dev.heed.ingest.source.VideoFrame;
import dev.heed.ingest.track.TrackedFace;
import java.util.List;

/**
 * Sees each analysed frame of one camera and its tracked faces, on the camera's processing thread, after the
 * frame's records were handed to Kafka. It must return at once (hand the work to a thread of its own, drop
 * rather than wait): the camera never waits for it. The live preview is one.
 */
@FunctionalInterface
public interface FrameTap {
    FrameTap NONE = (frame, faces) -> { };

    void frame(VideoFrame frame, List<TrackedFace> faces);
}
