package dev.heed.ingest.detect;

import dev.heed.ingest.geometry.Rect;
import java.util.Arrays;

/**
 * One face found by a detector.
 *
 * @param box       the face box, frame pixels
 * @param score     the detector's confidence, [0, 1]
 * @param landmarks five points as x0, y0, ... x4, y4 in frame pixels, in the order of the FaceCrop schema:
 *                  right eye, left eye, nose tip, right mouth corner, left mouth corner (the person's right,
 *                  image-left)
 */
public record Detection(Rect box, float score, float[] landmarks) {
    public static final int LANDMARK_COUNT = 5;

    public Detection {
        if (box == null) {
            throw new IllegalArgumentException("detection needs a box");
        }
        if (landmarks == null || landmarks.length != 2 * LANDMARK_COUNT) {
            throw new IllegalArgumentException("detection needs " + 2 * LANDMARK_COUNT + " landmark coordinates");
        }
        landmarks = landmarks.clone();
    }

    @Override
    public float[] landmarks() {
        return landmarks.clone();
    }

    public float landmarkX(int k) {
        return landmarks[2 * k];
    }

    public float landmarkY(int k) {
        return landmarks[2 * k + 1];
    }

    // Value semantics, so detections compare by content in tests and collections.
    @Override
    public boolean equals(Object o) {
        return o instanceof Detection d && d.box.equals(box) && d.score == score && Arrays.equals(d.landmarks, landmarks);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * box.hashCode() + Float.hashCode(score)) + Arrays.hashCode(landmarks);
    }

    @Override
    public String toString() {
        return "Detection[box=" + box + ", score=" + score + ", landmarks=" + Arrays.toString(landmarks) + "]";
    }
}
