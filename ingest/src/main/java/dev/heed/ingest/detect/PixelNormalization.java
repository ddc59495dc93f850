package dev.heed.ingest.detect;

/**
 * How a detector network wants its input pixels: channel order and {@code (value - mean) * scale}.
 *
 * @param rgb   true for R, G, B planes; false for B, G, R (the frame's own order)
 * @param mean  subtracted from each 0..255 value
 * @param scale multiplied after the subtraction
 */
record PixelNormalization(boolean rgb, float mean, float scale) {
    /** YuNet: BGR, raw 0..255. */
    static final PixelNormalization BGR_RAW = new PixelNormalization(false, 0f, 1f);
    /** InsightFace detectors (SCRFD): RGB, (x - 127.5) / 128. */
    static final PixelNormalization RGB_CENTRED = new PixelNormalization(true, 127.5f, 1 / 128f);

    float apply(int value) {
        return (value - mean) * scale;
    }

    /** What a black pixel becomes: the letterbox padding, as the reference implementations pad before normalising. */
    float black() {
        return apply(0);
    }
}
