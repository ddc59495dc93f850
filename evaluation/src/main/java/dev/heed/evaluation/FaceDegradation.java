package dev.heed.evaluation;

import dev.heed.common.image.BgrImage;
import dev.heed.inference.model.FaceImage;
import java.util.function.UnaryOperator;

/**
 * The robustness conditions of {@code heed eval}: the face image the estimator receives, degraded. Downscaling
 * to 1/2, 1/4, 1/8 and back is Hopenet's low-resolution study; blur and brightness shifts are the Siamese
 * head-pose paper's augmentations. The face box and landmarks stay where they are.
 */
public enum FaceDegradation {
    DOWN_2("x1/2", image -> downUp(image, 2)),
    DOWN_4("x1/4", image -> downUp(image, 4)),
    DOWN_8("x1/8", image -> downUp(image, 8)),
    /** Gaussian blur, sigma 1/112 of the image side (2 px on a 224 px crop). */
    BLUR("blur", FaceDegradation::blur),
    BRIGHTER("bright+40", image -> shift(image, 40)),
    DARKER("bright-40", image -> shift(image, -40));

    private final String label;
    private final UnaryOperator<BgrImage> operation;

    FaceDegradation(String label, UnaryOperator<BgrImage> operation) {
        this.label = label;
        this.operation = operation;
    }

    public String label() {
        return label;
    }

    public FaceImage apply(FaceImage face) {
        return new FaceImage(operation.apply(face.image()), face.box(), face.landmarks());
    }

    private static BgrImage downUp(BgrImage image, int factor) {
        int w = Math.max(1, image.width() / factor);
        int h = Math.max(1, image.height() / factor);
        return image.shrink(w, h).resize(image.width(), image.height());
    }

    private static BgrImage shift(BgrImage image, int delta) {
        byte[] in = image.bgr();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = (byte) Math.min(255, Math.max(0, (in[i] & 0xff) + delta));
        }
        return new BgrImage(image.width(), image.height(), out);
    }

    private static BgrImage blur(BgrImage image) {
        double sigma = Math.max(image.width(), image.height()) / 112.0;
        int radius = (int) Math.ceil(3 * sigma);
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        int w = image.width();
        int h = image.height();
        byte[] src = image.bgr();
        double[] tmp = new double[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 0;
                    for (int k = -radius; k <= radius; k++) {
                        int xx = Math.min(w - 1, Math.max(0, x + k));
                        v += kernel[k + radius] * (src[(y * w + xx) * 3 + c] & 0xff);
                    }
                    tmp[(y * w + x) * 3 + c] = v;
                }
            }
        }
        byte[] out = new byte[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 0;
                    for (int k = -radius; k <= radius; k++) {
                        int yy = Math.min(h - 1, Math.max(0, y + k));
                        v += kernel[k + radius] * tmp[(yy * w + x) * 3 + c];
                    }
                    out[(y * w + x) * 3 + c] = (byte) Math.min(255, Math.max(0, Math.round(v)));
                }
            }
        }
        return new BgrImage(w, h, out);
    }
}
