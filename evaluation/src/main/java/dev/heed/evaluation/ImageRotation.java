package dev.heed.evaluation;

import dev.heed.common.image.BgrImage;

/** Rotates an image in its plane about a point, for the roll consistency check. */
public final class ImageRotation {
    private ImageRotation() {
    }

    /**
     * The image rotated clockwise (as seen on screen, y pointing down) by {@code degrees} about (cx, cy), same
     * size, bilinear, black where the rotated image does not reach. A face rotated clockwise has a larger roll
     * in Hopenet's convention, so its roll should grow by {@code degrees}.
     */
    public static BgrImage clockwise(BgrImage image, double cx, double cy, double degrees) {
        int w = image.width();
        int h = image.height();
        double rad = Math.toRadians(degrees);
        double cos = Math.cos(rad);
        double sin = Math.sin(rad);
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // Each output pixel samples the source point that the rotation carries onto it (inverse rotation).
                double dx = x - cx;
                double dy = y - cy;
                double sx = cx + dx * cos + dy * sin;
                double sy = cy - dx * sin + dy * cos;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                int o = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    double v = (1 - fy) * ((1 - fx) * at(image, x0, y0, c) + fx * at(image, x0 + 1, y0, c))
                            + fy * ((1 - fx) * at(image, x0, y0 + 1, c) + fx * at(image, x0 + 1, y0 + 1, c));
                    out[o + c] = (byte) Math.min(255, Math.max(0, Math.round(v)));
                }
            }
        }
        return new BgrImage(w, h, out);
    }

    private static int at(BgrImage image, int x, int y, int c) {
        if (x < 0 || y < 0 || x >= image.width() || y >= image.height()) {
            return 0;
        }
        return image.at(x, y, c);
    }
}
