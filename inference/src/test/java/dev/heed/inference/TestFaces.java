package dev.heed.inference;

import dev.heed.common.image.BgrImage;
import java.io.IOException;

/**
 * Three photos of one person from data/faces with face squares picked once by looking at the 640x480 images:
 * each square spans forehead to chin and, for the profiles, ear to nose tip, like a detector box.
 */
public enum TestFaces {
    /** Looking into the camera. */
    FRONTAL("aws_IMG_1232.JPG", 220, 140, 200),
    /** Turned toward image-right (yaw strongly negative; about -69 degrees by the reference pipeline). */
    TURNED_TO_IMAGE_RIGHT("aws_IMG_1233.JPG", 245, 145, 210),
    /** Turned toward image-left (yaw strongly positive). */
    TURNED_TO_IMAGE_LEFT("aws_IMG_1241.JPG", 130, 145, 210);

    public final String file;
    public final int x;
    public final int y;
    public final int side;

    TestFaces(String file, int x, int y, int side) {
        this.file = file;
        this.x = x;
        this.y = y;
        this.side = side;
    }

    /** The face square resized to size x size, as ingest's crop policy would deliver it. */
    public BgrImage crop(int size) throws IOException {
        return BgrImage.read(SharedData.faceImage(file)).cropResize(x, y, side, side, size, size);
    }
}
