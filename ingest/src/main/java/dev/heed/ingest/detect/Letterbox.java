package dev.heed.ingest.detect;

import dev.heed.common.image.BgrImage;
import java.util.Arrays;

/**
 * Fits a frame into a network input of inputWidth x inputHeight without distorting it: scaled by
 * min(inputWidth/w, inputHeight/h), placed at the top-left, the rest (right or bottom) black. Writes planar (NCHW)
 * floats normalised as the network expects; YuNet's reference (OpenCV) and SCRFD's (InsightFace) both place and pad
 * the image this way.
 */
final class Letterbox {
    private final int inputWidth;
    private final int inputHeight;
    private final int srcWidth;
    private final int srcHeight;
    private final int dstWidth;
    private final int dstHeight;

    Letterbox(int srcWidth, int srcHeight, int inputWidth, int inputHeight) {
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.srcWidth = srcWidth;
        this.srcHeight = srcHeight;
        double scale = Math.min((double) inputWidth / srcWidth, (double) inputHeight / srcHeight);
        this.dstWidth = Math.max(1, Math.min(inputWidth, (int) Math.round(srcWidth * scale)));
        this.dstHeight = Math.max(1, Math.min(inputHeight, (int) Math.round(srcHeight * scale)));
    }

    boolean fits(BgrImage frame) {
        return frame.width() == srcWidth && frame.height() == srcHeight;
    }

    /** Frame pixels per network pixel along x; the exact inverse of the resize, for mapping results back. */
    float toFrameX() {
        return (float) srcWidth / dstWidth;
    }

    float toFrameY() {
        return (float) srcHeight / dstHeight;
    }

    /** Fills {@code out} (3 * inputWidth * inputHeight floats) with the letterboxed, normalised frame. */
    void fill(BgrImage frame, PixelNormalization norm, float[] out) {
        int plane = inputWidth * inputHeight;
        Arrays.fill(out, norm.black());
        // Plane p of the output takes source channel channelOf[p]: BGR frames, RGB or BGR networks.
        int[] channelOf = norm.rgb() ? new int[] {2, 1, 0} : new int[] {0, 1, 2};
        byte[] src = frame.bgr();
        if (dstWidth == srcWidth && dstHeight == srcHeight) {
            for (int y = 0; y < srcHeight; y++) {
                int s = y * srcWidth * 3;
                int d = y * inputWidth;
                for (int x = 0; x < srcWidth; x++, s += 3, d++) {
                    out[d] = norm.apply(src[s + channelOf[0]] & 0xff);
                    out[plane + d] = norm.apply(src[s + channelOf[1]] & 0xff);
                    out[2 * plane + d] = norm.apply(src[s + channelOf[2]] & 0xff);
                }
            }
            return;
        }
        // Bilinear with pixel-centre alignment and edge clamping, as OpenCV's INTER_LINEAR resize does.
        int[] x0 = new int[dstWidth];
        int[] x1 = new int[dstWidth];
        float[] wx = new float[dstWidth];
        float sx = (float) srcWidth / dstWidth;
        for (int x = 0; x < dstWidth; x++) {
            float fx = Math.max(0f, (x + 0.5f) * sx - 0.5f);
            int ix = Math.min((int) fx, srcWidth - 1);
            x0[x] = ix * 3;
            x1[x] = Math.min(ix + 1, srcWidth - 1) * 3;
            wx[x] = fx - ix;
        }
        float sy = (float) srcHeight / dstHeight;
        float mean = norm.mean();
        float scale = norm.scale();
        for (int y = 0; y < dstHeight; y++) {
            float fy = Math.max(0f, (y + 0.5f) * sy - 0.5f);
            int iy = Math.min((int) fy, srcHeight - 1);
            float wy = fy - iy;
            int r0 = iy * srcWidth * 3;
            int r1 = Math.min(iy + 1, srcHeight - 1) * srcWidth * 3;
            int d = y * inputWidth;
            for (int x = 0; x < dstWidth; x++, d++) {
                float w = wx[x];
                for (int p = 0; p < 3; p++) {
                    int c = channelOf[p];
                    float top = (src[r0 + x0[x] + c] & 0xff) * (1 - w) + (src[r0 + x1[x] + c] & 0xff) * w;
                    float bottom = (src[r1 + x0[x] + c] & 0xff) * (1 - w) + (src[r1 + x1[x] + c] & 0xff) * w;
                    out[p * plane + d] = (top * (1 - wy) + bottom * wy - mean) * scale;
                }
            }
        }
    }
}
