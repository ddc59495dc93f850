package dev.heed.inference.model;

/** Where a face is in an image, pixels from the image's top-left corner. */
public record FaceBox(float x, float y, float width, float height) {
    public FaceBox {
        if (!Float.isFinite(x) || !Float.isFinite(y) || !(width > 0) || !(height > 0) || !Float.isFinite(width) || !Float.isFinite(height)) {
            throw new IllegalArgumentException("face box needs finite x, y and positive width, height; got " + x + "," + y + " " + width + "x" + height);
        }
    }
}
