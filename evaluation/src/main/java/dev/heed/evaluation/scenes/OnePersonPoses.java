package dev.heed.evaluation.scenes;

import dev.heed.common.image.BgrImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The photos of one real person at deliberate head poses in ../shared/data/faces (aws_IMG_1232..1247, Apache-2.0; see
 * its manifest.csv), for a person in a scene whose turned face is really theirs. The photos carry no labels: the face
 * width (YuNet's box on the frontal photo, measured once) and each photo's head ellipse (hair to chin, back of the
 * head to the nose, read off the photo) are fixed here, so making a scene runs no detector.
 */
public enum OnePersonPoses {
    /** Facing the camera. */
    FRONTAL("aws_IMG_1232.JPG", 320, 215, 110, 155),
    /** Head turned far to image-right (the manifest's "turned to image-right, large"). */
    TURNED_RIGHT("aws_IMG_1233.JPG", 325, 215, 120, 145),
    /** Head turned far to image-left. */
    TURNED_LEFT("aws_IMG_1241.JPG", 252, 220, 125, 145),
    /** Looking down. */
    DOWN("aws_IMG_1247.JPG", 238, 225, 125, 170);

    /** YuNet's face box on the frontal photo is 173 px wide; the other photos are of the same head at the same distance. */
    private static final double FACE_WIDTH = 173;

    private final String file;
    private final double headX;
    private final double headY;
    private final double headRx;
    private final double headRy;

    OnePersonPoses(String file, double headX, double headY, double headRx, double headRy) {
        this.file = file;
        this.headX = headX;
        this.headY = headY;
        this.headRx = headRx;
        this.headRy = headRy;
    }

    /** The photo from {@code faces}/images with its head. */
    public FacePhoto photo(Path faces) throws IOException {
        Path path = faces.resolve("images").resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path + " (one person's head poses, from ../shared/data/faces)");
        }
        return new FacePhoto(file, BgrImage.read(path), FACE_WIDTH, headX, headY, headRx, headRy);
    }
}
