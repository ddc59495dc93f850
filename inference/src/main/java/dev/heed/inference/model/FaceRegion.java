package dev.heed.inference.model;

import dev.heed.common.image.BgrImage;

/**
 * An estimator's crop rule: the square region of a {@link FaceImage} it feeds its model, from the face box.
 * A square of side {@code factor * base} centred on the box centre moved down by {@code shiftDown * base},
 * where base is the box's longer side ({@link Base#LONGER_SIDE}, Hopenet's and ingest's square) or the mean
 * of its sides ({@link Base#MEAN_SIDE}, 3DDFA_V2's roi). Parts outside the image are black.
 */
public record FaceRegion(Base base, double factor, double shiftDown) {
    public enum Base { LONGER_SIDE, MEAN_SIDE }

    /** Ingest's margin-0 square: exactly the crop ingest publishes with its default policy. */
    public static final FaceRegion SQUARE = new FaceRegion(Base.LONGER_SIDE, 1.0, 0);

    public FaceRegion {
        if (base == null || !(factor > 0 && factor <= 4) || !(Math.abs(shiftDown) <= 1)) {
            throw new IllegalArgumentException("crop rule needs a base, factor in (0, 4] and |shift| <= 1; got " + base + ", " + factor + ", " + shiftDown);
        }
    }

    /** The region cut from the face's image and resized to size x size. */
    public BgrImage cut(FaceImage face, int size) {
        FaceBox b = face.box();
        double side = base == Base.LONGER_SIDE ? Math.max(b.width(), b.height()) : (b.width() + b.height()) / 2.0;
        double cx = b.x() + b.width() / 2.0;
        double cy = b.y() + b.height() / 2.0 + shiftDown * side;
        double s = factor * side;
        BgrImage image = face.image();
        // The crop ingest already cut (same square, same size) is used as it is: no second resampling.
        if (Math.abs(cx - s / 2) < 0.5 && Math.abs(cy - s / 2) < 0.5 && Math.abs(s - image.width()) < 1 && image.width() == size
                && image.height() == size) {
            return image;
        }
        return image.cropResize(cx - s / 2, cy - s / 2, s, s, size, size);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "square %.2f x %s%s around the face box%s", factor,
                base == Base.LONGER_SIDE ? "longer side" : "mean side", "",
                shiftDown == 0 ? "" : String.format(java.util.Locale.ROOT, ", centre moved down %.2f x that side", shiftDown));
    }
}
