package dev.heed.evaluation.scenes;

import dev.heed.common.image.BgrImage;
import java.util.SplittableRandom;

/**
 * Flat shapes painted into a frame, for the synthetic rooms behind the generated scenes' faces. Colours are 0xRRGGBB;
 * everything is clipped to the image, and edges of ellipses are anti-aliased so that no shape has a hard stair-step
 * outline a detector could take for structure.
 */
public final class Shapes {
    private Shapes() {
    }

    public static void fillRect(BgrImage img, double x, double y, double w, double h, int rgb) {
        int x0 = clamp((int) Math.round(x), img.width());
        int x1 = clamp((int) Math.round(x + w), img.width());
        int y0 = clamp((int) Math.round(y), img.height());
        int y1 = clamp((int) Math.round(y + h), img.height());
        byte b = (byte) (rgb & 0xff);
        byte g = (byte) ((rgb >> 8) & 0xff);
        byte r = (byte) ((rgb >> 16) & 0xff);
        byte[] out = img.bgr();
        for (int yy = y0; yy < y1; yy++) {
            for (int xx = x0; xx < x1; xx++) {
                int o = (yy * img.width() + xx) * 3;
                out[o] = b;
                out[o + 1] = g;
                out[o + 2] = r;
            }
        }
    }

    /** A rectangle shading from {@code topRgb} at its top row to {@code bottomRgb} at its bottom row. */
    public static void verticalGradient(BgrImage img, double x, double y, double w, double h, int topRgb, int bottomRgb) {
        int y0 = (int) Math.round(y);
        int rows = Math.max(1, (int) Math.round(h));
        for (int i = 0; i < rows; i++) {
            double t = rows == 1 ? 0 : i / (rows - 1.0);
            fillRect(img, x, y0 + i, w, 1, mix(topRgb, bottomRgb, t));
        }
    }

    /** A filled ellipse; {@code opacity} in (0, 1] blends it over what is there. */
    public static void fillEllipse(BgrImage img, double cx, double cy, double rx, double ry, int rgb, double opacity) {
        int x0 = clamp((int) Math.floor(cx - rx - 1), img.width());
        int x1 = clamp((int) Math.ceil(cx + rx + 1), img.width());
        int y0 = clamp((int) Math.floor(cy - ry - 1), img.height());
        int y1 = clamp((int) Math.ceil(cy + ry + 1), img.height());
        double edge = 1.0 / Math.max(1, Math.min(rx, ry));
        for (int yy = y0; yy < y1; yy++) {
            for (int xx = x0; xx < x1; xx++) {
                double u = (xx + 0.5 - cx) / rx;
                double v = (yy + 0.5 - cy) / ry;
                double r = Math.sqrt(u * u + v * v);
                double a = Math.max(0, Math.min(1, (1 - r) / edge + 0.5)) * opacity;
                if (a > 0) {
                    blend(img, xx, yy, rgb, a);
                }
            }
        }
    }

    /**
     * Adds a fixed grain of +-{@code amplitude} grey levels to a rectangle (plaster, carpet, fabric), the same for
     * the same seed, so flat areas look like surfaces and compress like camera images.
     */
    public static void grain(BgrImage img, double x, double y, double w, double h, int amplitude, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int x0 = clamp((int) Math.round(x), img.width());
        int x1 = clamp((int) Math.round(x + w), img.width());
        int y0 = clamp((int) Math.round(y), img.height());
        int y1 = clamp((int) Math.round(y + h), img.height());
        byte[] out = img.bgr();
        for (int yy = y0; yy < y1; yy++) {
            for (int xx = x0; xx < x1; xx++) {
                int d = random.nextInt(2 * amplitude + 1) - amplitude;
                int o = (yy * img.width() + xx) * 3;
                for (int c = 0; c < 3; c++) {
                    out[o + c] = (byte) Math.max(0, Math.min(255, (out[o + c] & 0xff) + d));
                }
            }
        }
    }

    /** The colour a fraction t of the way from a to b. */
    public static int mix(int a, int b, double t) {
        int r = (int) Math.round(((a >> 16) & 0xff) * (1 - t) + ((b >> 16) & 0xff) * t);
        int g = (int) Math.round(((a >> 8) & 0xff) * (1 - t) + ((b >> 8) & 0xff) * t);
        int bl = (int) Math.round((a & 0xff) * (1 - t) + (b & 0xff) * t);
        return (r << 16) | (g << 8) | bl;
    }

    private static void blend(BgrImage img, int x, int y, int rgb, double a) {
        byte[] out = img.bgr();
        int o = (y * img.width() + x) * 3;
        int[] over = {rgb & 0xff, (rgb >> 8) & 0xff, (rgb >> 16) & 0xff};
        for (int c = 0; c < 3; c++) {
            int under = out[o + c] & 0xff;
            out[o + c] = (byte) Math.round(under + a * (over[c] - under));
        }
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
