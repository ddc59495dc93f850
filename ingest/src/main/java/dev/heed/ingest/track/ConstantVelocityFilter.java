package dev.heed.ingest.track;

/**
 * A Kalman filter of one coordinate moving at a roughly constant velocity: state (position, velocity),
 * only the position measured, random acceleration as process noise (the discrete white-noise acceleration
 * model). Time in seconds, so frames that come irregularly (sampling, dropped frames) are predicted right.
 */
final class ConstantVelocityFilter {
    private double position;
    private double velocity;
    // Covariance [[p00, p01], [p01, p11]].
    private double p00;
    private double p01;
    private double p11;

    /** Starts at a measured position with unknown velocity (zero, with variance {@code velocityVariance}). */
    ConstantVelocityFilter(double position, double positionVariance, double velocityVariance) {
        this.position = position;
        this.p00 = positionVariance;
        this.p11 = velocityVariance;
    }

    double position() {
        return position;
    }

    double velocity() {
        return velocity;
    }

    /** Moves the state {@code dt} seconds ahead; {@code accelerationVariance} is the noise density (units²/s³). */
    void predict(double dt, double accelerationVariance) {
        if (dt <= 0) {
            return;
        }
        position += velocity * dt;
        double q = accelerationVariance;
        double n00 = p00 + 2 * dt * p01 + dt * dt * p11 + q * dt * dt * dt / 3;
        double n01 = p01 + dt * p11 + q * dt * dt / 2;
        double n11 = p11 + q * dt;
        p00 = n00;
        p01 = n01;
        p11 = n11;
    }

    /** Corrects the state with a measured position of variance {@code measurementVariance}. */
    void update(double measured, double measurementVariance) {
        double s = p00 + measurementVariance;
        double k0 = p00 / s;
        double k1 = p01 / s;
        double innovation = measured - position;
        position += k0 * innovation;
        velocity += k1 * innovation;
        double n00 = (1 - k0) * p00;
        double n01 = (1 - k0) * p01;
        double n11 = p11 - k1 * p01;
        p00 = n00;
        p01 = n01;
        p11 = n11;
    }
}
