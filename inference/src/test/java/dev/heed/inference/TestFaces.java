package dev.heed.inference;

import dev.heed.common.image.BgrImage;
import dev.heed.inference.model.FaceBox;
import dev.heed.inference.model.FaceImage;
import java.io.IOException;

/**
 * Three photos of one person from data/faces with face squares picked once by looking at the 640x480 images:
 * each square spans forehead to chin and, for the profiles, ear to nose tip, like a detector box. The landmarks
 * are YuNet 2023mar's five keypoints on each photo (detected once, frame pixels: right eye, left eye, nose tip,
 * right and left mouth corner).
 */
public enum TestFaces {
    /** Looking into the camera. */
    FRONTAL("aws_IMG_1232.JPG", 220, 140, 200, 289.5f, 216.0f, 368.0f, 212.9f, 336.6f, 263.3f, 299.9f, 304.4f, 363.4f, 300.7f),
    /** Turned toward image-right (yaw strongly negative; about -69 degrees by the reference pipeline). */
    TURNED_TO_IMAGE_RIGHT("aws_IMG_1233.JPG", 245, 145, 210, 385.3f, 206.6f, 428.3f, 205.5f, 437.7f, 247.3f, 393.9f, 303.5f, 418.5f, 301.4f),
    /** Turned toward image-left (yaw strongly positive). */
    TURNED_TO_IMAGE_LEFT("aws_IMG_1241.JPG", 130, 145, 210, 145.3f, 198.7f, 208.5f, 212.6f, 144.8f, 257.6f, 141.3f, 299.4f, 185.7f, 310.7f);

    public final String file;
    public final int x;
    public final int y;
    public final int side;
    /** x0, y0 ... x4, y4 in frame pixels. */
    private final float[] landmarks;

    TestFaces(String file, int x, int y, int side, float... landmarks) {
        this.file = file;
        this.x = x;
        this.y = y;
        this.side = side;
        this.landmarks = landmarks;
    }

    /** The five landmarks in frame pixels, as a FaceCrop carries them. */
    public float[] frameLandmarks() {
        return landmarks.clone();
    }

    /** The face as an estimator receives it from a size x size crop: the crop is the face box, landmarks in crop pixels. */
    public FaceImage face(int size) throws IOException {
        float scale = size / (float) side;
        float[] inCrop = new float[landmarks.length];
        for (int k = 0; k < landmarks.length; k += 2) {
            inCrop[k] = (landmarks[k] - x) * scale;
            inCrop[k + 1] = (landmarks[k + 1] - y) * scale;
        }
        return new FaceImage(crop(size), new FaceBox(0, 0, size, size), inCrop);
    }

    /** The face square resized to size x size, as ingest's crop policy would deliver it. */
    public BgrImage crop(int size) throws IOException {
        return BgrImage.read(SharedData.faceImage(file)).cropResize(x, y, side, side, size, size);
    }
}
