package dev.heed.evaluation.scenes;

import dev.heed.common.image.BgrImage;

/**
 * A head cut from a {@link FacePhoto} with a soft elliptical mask and scaled once to its size in the scene, ready
 * to be blended into every frame. The mask is opaque inside 70 % of the ellipse and fades to nothing at its edge,
 * so the detector sees a face with hair and some of the photo's surroundings, never the corners of a rectangle.
 */
public final class HeadPatch {
    private static final double OPAQUE_RADIUS = 0.7;

    private final int width;
    private final int height;
    private final byte[] bgr;
    private final float[] alpha;
    private final int centreX;
    private final int centreY;

    private HeadPatch(int width, int height, byte[] bgr, float[] alpha, int centreX, int centreY) {
        this.width = width;
        this.height = height;
        this.bgr = bgr;
        this.alpha = alpha;
        this.centreX = centreX;
        this.centreY = centreY;
    }

    /**
     * The photo's head at {@code size} scene pixels (the geometric mean of the ellipse's radii). Downscaling averages
     * a grid of bilinear samples per pixel, so small faces are not aliased.
     */
    public static HeadPatch of(FacePhoto photo, double size) {
        double scale = size / photo.size();
        double rx = photo.headRx() * scale;
        double ry = photo.headRy() * scale;
        int halfW = (int) Math.ceil(rx) + 1;
        int halfH = (int) Math.ceil(ry) + 1;
        int w = 2 * halfW + 1;
        int h = 2 * halfH + 1;
        byte[] bgr = new byte[w * h * 3];
        float[] alpha = new float[w * h];
        int samples = Math.max(1, (int) Math.ceil(1 / scale));
        BgrImage src = photo.image();
        for (int py = 0; py < h; py++) {
            for (int px = 0; px < w; px++) {
                double u = (px - halfW) / rx;
                double v = (py - halfH) / ry;
                double r = Math.sqrt(u * u + v * v);
                if (r >= 1) {
                    continue;
                }
                double a = r <= OPAQUE_RADIUS ? 1 : smoothstep((1 - r) / (1 - OPAQUE_RADIUS));
                double[] sum = new double[3];
                for (int sy = 0; sy < samples; sy++) {
                    for (int sx = 0; sx < samples; sx++) {
                        double dx = px - halfW - 0.5 + (sx + 0.5) / samples;
                        double dy = py - halfH - 0.5 + (sy + 0.5) / samples;
                        double fx = photo.headX() + dx / scale;
                        double fy = photo.headY() + dy / scale;
                        for (int c = 0; c < 3; c++) {
                            sum[c] += bilinear(src, fx - 0.5, fy - 0.5, c);
                        }
                    }
                }
                int o = (py * w + px) * 3;
                for (int c = 0; c < 3; c++) {
                    bgr[o + c] = (byte) Math.round(sum[c] / (samples * samples));
                }
                alpha[py * w + px] = (float) a;
            }
        }
        return new HeadPatch(w, h, bgr, alpha, halfW, halfH);
    }

    /** The mean colour of the middle of the face (inside a third of the ellipse's radius), 0xRRGGBB. */
    public int skinTone() {
        long[] sum = new long[3];
        long n = 0;
        for (int py = 0; py < height; py++) {
            for (int px = 0; px < width; px++) {
                double u = (px - centreX) / (double) centreX;
                double v = (py - centreY) / (double) centreY;
                if (u * u + v * v < 1.0 / 9) {
                    int s = (py * width + px) * 3;
                    for (int c = 0; c < 3; c++) {
                        sum[c] += bgr[s + c] & 0xff;
                    }
                    n++;
                }
            }
        }
        if (n == 0) {
            return 0xb08060;
        }
        return (int) ((sum[2] / n) << 16 | (sum[1] / n) << 8 | (sum[0] / n));
    }

    /** Blends the head into {@code canvas} with its ellipse's centre at (x, y), clipped to the canvas. */
    public void drawAt(BgrImage canvas, int x, int y) {
        byte[] out = canvas.bgr();
        for (int py = 0; py < height; py++) {
            int ty = y - centreY + py;
            if (ty < 0 || ty >= canvas.height()) {
                continue;
            }
            for (int px = 0; px < width; px++) {
                int tx = x - centreX + px;
                float a = alpha[py * width + px];
                if (a <= 0 || tx < 0 || tx >= canvas.width()) {
                    continue;
                }
                int o = (ty * canvas.width() + tx) * 3;
                int s = (py * width + px) * 3;
                for (int c = 0; c < 3; c++) {
                    int under = out[o + c] & 0xff;
                    int over = bgr[s + c] & 0xff;
                    out[o + c] = (byte) Math.round(under + a * (over - under));
                }
            }
        }
    }

    private static double smoothstep(double t) {
        double c = Math.max(0, Math.min(1, t));
        return c * c * (3 - 2 * c);
    }

    private static double bilinear(BgrImage img, double x, double y, int c) {
        // Clamped at the photo's edges: a head near the border repeats its edge rather than turning black.
        double cx = Math.max(0, Math.min(img.width() - 1.0, x));
        double cy = Math.max(0, Math.min(img.height() - 1.0, y));
        int x0 = (int) Math.floor(cx);
        int y0 = (int) Math.floor(cy);
        int x1 = Math.min(img.width() - 1, x0 + 1);
        int y1 = Math.min(img.height() - 1, y0 + 1);
        double wx = cx - x0;
        double wy = cy - y0;
        double top = img.at(x0, y0, c) * (1 - wx) + img.at(x1, y0, c) * wx;
        double bottom = img.at(x0, y1, c) * (1 - wx) + img.at(x1, y1, c) * wx;
        return top * (1 - wy) + bottom * wy;
    }
}
