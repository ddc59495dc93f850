package dev.heed.ingest.crop;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.geometry.Rect;
import java.util.Locale;

/**
 * THE crop policy: how a detector's face box becomes the pose estimator's input. Ingest and the evaluation
 * tool both use it, so what is measured is what runs. A square centred on the face box's centre with side
 * max(w, h) * (1 + 2 * margin); the part outside the frame is black; resized bilinearly to size x size.
 *
 * <p>MODELS.md: margin 0 around the YuNet box gave the reference Hopenet-lite accuracy on AFLW2000.
 *
 * @param margin extra border on each side, as a fraction of the box's longer side, [0, 1]
 * @param size   side of the output image in pixels (the model's input size)
 */
public record CropPolicy(double margin, int size) {
    public static final double DEFAULT_MARGIN = 0.0;
    public static final int DEFAULT_SIZE = 224;
    public static final CropPolicy DEFAULT = new CropPolicy(DEFAULT_MARGIN, DEFAULT_SIZE);

    public CropPolicy {
        if (!(margin >= 0 && margin <= 1)) {
            throw new IllegalArgumentException("crop margin must be in [0, 1], got " + margin);
        }
        if (size < 16 || size > 1024) {
            throw new IllegalArgumentException("crop size must be 16-1024 pixels, got " + size);
        }
    }

    /** The policy's id as written into every FaceCrop, e.g. "square-margin-0.00". */
    public String name() {
        return String.format(Locale.ROOT, "square-margin-%.2f", margin);
    }

    /** The square region of the frame to cut out for a face box; may extend past the frame. */
    public Rect cropBox(Rect face) {
        float side = (float) (Math.max(face.width(), face.height()) * (1 + 2 * margin));
        return new Rect(face.centreX() - side / 2, face.centreY() - side / 2, side, side);
    }

    /** Cuts the crop for a face box out of the frame. */
    public Crop apply(BgrImage frame, Rect face) {
        Rect box = cropBox(face);
        if (box.width() <= 0) {
            throw new IllegalArgumentException("cannot crop an empty face box " + face);
        }
        return new Crop(box, frame.cropResize(box.x(), box.y(), box.width(), box.height(), size, size));
    }

    /**
     * A cut-out face.
     *
     * @param box   the frame region it came from, frame pixels (may extend past the frame edges)
     * @param image the pixels, size x size
     */
    public record Crop(Rect box, BgrImage image) {
    }
}
