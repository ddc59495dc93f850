package dev.heed.ingest.track;

import dev.heed.ingest.geometry.Rect;
import java.util.List;

/**
 * What the tracker made of one frame.
 *
 * @param faces  one entry per detection, in the detections' order, with its track id
 * @param hidden the tracks whose face was not found but whose head is judged still in place (published as FACE_HIDDEN)
 * @param ended  the tracks that ended with this frame (published as GONE, the last record of each)
 */
public record TrackedFrame(List<TrackedFace> faces, List<Hidden> hidden, List<Ended> ended) {
    public TrackedFrame {
        faces = List.copyOf(faces);
        hidden = List.copyOf(hidden);
        ended = List.copyOf(ended);
    }

    /** Only faces: a frame without hidden or ended tracks. */
    public static TrackedFrame ofFaces(List<TrackedFace> faces) {
        return new TrackedFrame(faces, List.of(), List.of());
    }

    /**
     * A person in place whose face was not found.
     *
     * @param headBox where the face was last seen, frame pixels (a hidden head is held in place)
     */
    public record Hidden(long trackId, Rect headBox) {
    }

    /**
     * A track that has ended.
     *
     * @param headBox where the face was last seen, frame pixels
     * @param reason  why it ended
     */
    public record Ended(long trackId, Rect headBox, EndReason reason) {
    }

    /** Why a track ended. */
    public enum EndReason {
        /** Neither the face nor the head was in place for the track timeout: the person left. */
        HEAD_GONE,
        /** The face stayed hidden for longer than the hidden-track timeout, though the head seemed in place. */
        HIDDEN_TOO_LONG,
        /** The camera's stream ended (the file was read to the end, or ingest stopped reading the camera). */
        STREAM_ENDED
    }
}
