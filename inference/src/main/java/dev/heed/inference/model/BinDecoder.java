package dev.heed.inference.model;

/**
 * Turns one head's logits over angle bins into an angle with its spread and confidence, the way Hopenet
 * reads its classification heads: softmax over the bins, angle = expectation of the bin angles
 * {@code a_i = offsetDeg + i * binWidthDeg}.
 */
public final class BinDecoder {
    /** Hopenet: 66 bins of 3 degrees; {@code angle = sum(p_i * i) * 3 - 99}. */
    public static final BinDecoder HOPENET = new BinDecoder(66, 3.0, -99.0);

    private final int bins;
    private final double binWidthDeg;
    private final double offsetDeg;
    private final double uniformSpreadDeg;

    public BinDecoder(int bins, double binWidthDeg, double offsetDeg) {
        if (bins < 2 || !(binWidthDeg > 0)) {
            throw new IllegalArgumentException("need at least 2 bins of positive width, got " + bins + " x " + binWidthDeg);
        }
        this.bins = bins;
        this.binWidthDeg = binWidthDeg;
        this.offsetDeg = offsetDeg;
        // Standard deviation of the bin angles under equal weights: the spread of a model that knows nothing.
        this.uniformSpreadDeg = binWidthDeg * Math.sqrt((bins * (double) bins - 1) / 12.0);
    }

    public int bins() {
        return bins;
    }

    public double binWidthDeg() {
        return binWidthDeg;
    }

    /** Angle of bin 0, degrees. */
    public double offsetDeg() {
        return offsetDeg;
    }

    /** Spread of a uniform distribution over the bin angles, degrees (57.16 for Hopenet). */
    public double uniformSpreadDeg() {
        return uniformSpreadDeg;
    }

    public AngleEstimate decode(float[] logits) {
        if (logits.length != bins) {
            throw new IllegalArgumentException("expected " + bins + " logits, got " + logits.length);
        }
        return decode(logits, 0);
    }

    /** Decodes the {@code bins} logits starting at {@code from} (one row of a [N, bins] output). */
    public AngleEstimate decode(float[] logits, int from) {
        if (from < 0 || from + bins > logits.length) {
            throw new IllegalArgumentException("row at " + from + " does not fit in " + logits.length + " logits");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < bins; i++) {
            max = Math.max(max, logits[from + i]);
        }
        // Subtracting the maximum keeps exp() finite for any logit scale.
        double[] p = new double[bins];
        double sum = 0;
        for (int i = 0; i < bins; i++) {
            p[i] = Math.exp(logits[from + i] - max);
            sum += p[i];
        }
        double mean = 0;
        for (int i = 0; i < bins; i++) {
            p[i] /= sum;
            mean += p[i] * angleOfBin(i);
        }
        double variance = 0;
        for (int i = 0; i < bins; i++) {
            double d = angleOfBin(i) - mean;
            variance += p[i] * d * d;
        }
        double spread = Math.sqrt(variance);
        return new AngleEstimate(mean, spread, confidence(spread));
    }

    /** An angle from a model that outputs degrees only: no distribution, so spread and confidence are unknown (NaN). */
    public static AngleEstimate bare(double degrees) {
        return new AngleEstimate(degrees, Double.NaN, Double.NaN);
    }

    @Override
    public String toString() {
        return bins + " bins of " + binWidthDeg + " deg from " + offsetDeg;
    }

    private double angleOfBin(int i) {
        return offsetDeg + i * binWidthDeg;
    }

    private double confidence(double spreadDeg) {
        return Math.min(1, Math.max(0, 1 - spreadDeg / uniformSpreadDeg));
    }
}
