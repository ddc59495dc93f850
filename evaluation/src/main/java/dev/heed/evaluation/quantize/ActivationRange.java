package dev.heed.evaluation.quantize;

/**
 * The values one tensor took over the calibration data, and the uint8 quantisation they give: an affine map of
 * [min(0, lowest), max(0, highest)] onto 0..255, so that 0 is exact (zero padding and ReLU's zeros stay exact).
 */
public record ActivationRange(float lowest, float highest) {
    public ActivationRange {
        if (!(lowest <= highest)) {
            throw new IllegalArgumentException("range needs lowest <= highest, got [" + lowest + ", " + highest + "]");
        }
    }

    public ActivationRange widen(float value) {
        return value >= lowest && value <= highest ? this : new ActivationRange(Math.min(lowest, value), Math.max(highest, value));
    }

    /** Real value of one uint8 step; 1 for a tensor that was all zeros, so the scale stays valid. */
    public float scale() {
        float span = Math.max(0, highest) - Math.min(0, lowest);
        return span > 0 ? span / 255f : 1f;
    }

    /** The uint8 code of 0.0. */
    public int zeroPoint() {
        return Math.max(0, Math.min(255, Math.round(-Math.min(0, lowest) / scale())));
    }
}
