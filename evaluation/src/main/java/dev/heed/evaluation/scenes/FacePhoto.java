package dev.heed.evaluation.scenes;

import dev.heed.common.image.BgrImage;

/**
 * A photo of a real face, the width of its face box and the ellipse of the head in it (photo pixels): one pose of a
 * person in a generated scene. The ellipse is what gets pasted; its geometric mean radius is the head's size, so
 * poses of one person are pasted at one size.
 */
public record FacePhoto(String name, BgrImage image, double faceWidth, double headX, double headY, double headRx, double headRy) {
    /**
     * From the box around a face's 2D landmarks, as aflw2000-dev's labels give it (eyebrows to chin, jaw to jaw), and
     * the labelled yaw: the head with its hair reaches about 0.55 box heights above the box, the ellipse ends just
     * below the chin, and a turned head reaches further back than its face (toward image-right for yaw > 0).
     */
    public static FacePhoto aroundLandmarkBox(String name, BgrImage image, double x, double y, double w, double h, double yawDeg) {
        double turn = Math.sin(Math.toRadians(yawDeg));
        return new FacePhoto(name, image, w, x + w / 2 + 0.3 * w * turn, y + 0.26 * h, (0.66 + 0.2 * Math.abs(turn)) * w, 0.82 * h);
    }

    /** The head's size: the geometric mean of the ellipse's radii, photo pixels. */
    public double size() {
        return Math.sqrt(headRx * headRy);
    }
}
