package dev.heed.inference.model;

/**
 * One estimated angle with its uncertainty.
 *
 * @param degrees    the estimate, degrees
 * @param spreadDeg  standard deviation of the estimator's distribution over the angle, degrees
 * @param confidence 1 - spread / spread of a uniform distribution over the estimator's range, in [0, 1]
 */
public record AngleEstimate(double degrees, double spreadDeg, double confidence) {
    /** The same estimate for the angle of opposite sign, as a mirrored image's yaw and roll relate to the original. */
    public AngleEstimate negated() {
        return new AngleEstimate(-degrees, spreadDeg, confidence);
    }
}
