package dev.heed.inference.model;

import dev.heed.common.image.BgrImage;
import java.util.Arrays;

/**
 * One face for a {@link PoseEstimator}: an image holding it (in the service, ingest's crop) and where the face
 * and its landmarks are in that image. Each estimator cuts its own input from this, so estimators with other
 * crop rules than ingest's can take the same faces.
 *
 * @param image     the pixels
 * @param box       the detector's face box, image pixels
 * @param landmarks five points x0, y0 ... x4, y4 in image pixels (right eye, left eye, nose tip, right and
 *                  left mouth corner, as in the FaceCrop schema), or empty when unknown
 */
public record FaceImage(BgrImage image, FaceBox box, float[] landmarks) {
    public static final int LANDMARK_VALUES = 10;
    /**
     * For each landmark of the mirrored face, the landmark of this face it is the image of: the eyes swap, the nose
     * stays, the mouth corners swap (the mirror image of a right eye is where a left eye would be).
     */
    private static final int[] MIRRORED_LANDMARK_SOURCE = {1, 0, 2, 4, 3};

    public FaceImage {
        if (image == null || box == null) {
            throw new IllegalArgumentException("a face image needs the image and the face box");
        }
        if (landmarks == null || (landmarks.length != 0 && landmarks.length != LANDMARK_VALUES)) {
            throw new IllegalArgumentException("landmarks must be empty or " + LANDMARK_VALUES + " values");
        }
        landmarks = landmarks.clone();
    }

    /** An image that is the face crop itself: the face box is the whole image, landmarks unknown. */
    public static FaceImage whole(BgrImage crop) {
        return new FaceImage(crop, new FaceBox(0, 0, crop.width(), crop.height()), new float[0]);
    }

    /**
     * The left-right mirror image of this face: the pixels flipped, and the box and landmarks moved with them
     * (coordinates are continuous, pixel i spanning [i, i + 1), so x becomes width - x).
     */
    public FaceImage mirrored() {
        int width = image.width();
        FaceBox mirroredBox = new FaceBox(width - box.x() - box.width(), box.y(), box.width(), box.height());
        float[] points = new float[landmarks.length];
        if (landmarks.length == LANDMARK_VALUES) {
            for (int k = 0; k < MIRRORED_LANDMARK_SOURCE.length; k++) {
                int from = MIRRORED_LANDMARK_SOURCE[k];
                points[2 * k] = width - landmarks[2 * from];
                points[2 * k + 1] = landmarks[2 * from + 1];
            }
        }
        return new FaceImage(image.mirrored(), mirroredBox, points);
    }

    @Override
    public float[] landmarks() {
        return landmarks.clone();
    }

    // Never prints pixels: faces are biometric data.
    @Override
    public String toString() {
        return "FaceImage[" + image.width() + "x" + image.height() + ", box=" + box + ", landmarks=" + Arrays.toString(landmarks) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FaceImage f && f.image.equals(image) && f.box.equals(box) && Arrays.equals(f.landmarks, landmarks);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * image.hashCode() + box.hashCode()) + Arrays.hashCode(landmarks);
    }
}
