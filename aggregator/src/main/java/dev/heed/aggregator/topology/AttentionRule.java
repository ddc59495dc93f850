package dev.heed.aggregator.topology;

/**
 * Decides whether one pose sample counts as attending: the head points within the tolerances around the
 * attention direction (yaw0, pitch0). Today every camera uses {@link #defaultRule}; per-camera rules will
 * come from the AttentionPolicy records on heed.attention-policies.v1, which carry the same five fields.
 *
 * @param policyId            id written into windows and alerts, so consumers know which rule classified them
 * @param yaw0Deg             attention direction, yaw, degrees
 * @param pitch0Deg           attention direction, pitch, degrees
 * @param yawToleranceDeg     half-width around yaw0, degrees, inclusive
 * @param pitchToleranceDeg   half-width around pitch0, degrees, inclusive
 */
public record AttentionRule(String policyId, double yaw0Deg, double pitch0Deg, double yawToleranceDeg, double pitchToleranceDeg) {
    public static final String DEFAULT_POLICY_ID = "default";

    public AttentionRule {
        if (policyId == null || policyId.isBlank()) {
            throw new IllegalArgumentException("policy id must not be blank");
        }
        requireAngle("yaw0", yaw0Deg, 180);
        requireAngle("pitch0", pitch0Deg, 90);
        requireTolerance("yaw tolerance", yawToleranceDeg);
        requireTolerance("pitch tolerance", pitchToleranceDeg);
    }

    /** The rule for cameras without a policy: looking straight at the camera, within the given tolerances. */
    public static AttentionRule defaultRule(double yawToleranceDeg, double pitchToleranceDeg) {
        return new AttentionRule(DEFAULT_POLICY_ID, 0, 0, yawToleranceDeg, pitchToleranceDeg);
    }

    public boolean isAttending(double yawDeg, double pitchDeg) {
        return Math.abs(yawOffset(yawDeg)) <= yawToleranceDeg && Math.abs(pitchDeg - pitch0Deg) <= pitchToleranceDeg;
    }

    /** Yaw wraps at +-180 degrees: 170 and -170 are 20 degrees apart, which matters once yaw0 is not 0. */
    private double yawOffset(double yawDeg) {
        double d = (yawDeg - yaw0Deg) % 360;
        if (d > 180) {
            d -= 360;
        } else if (d < -180) {
            d += 360;
        }
        return d;
    }

    private static void requireAngle(String what, double v, double limit) {
        if (!Double.isFinite(v) || v < -limit || v > limit) {
            throw new IllegalArgumentException(what + " must be in [-" + limit + ", " + limit + "] degrees, got " + v);
        }
    }

    private static void requireTolerance(String what, double v) {
        if (!Double.isFinite(v) || v <= 0 || v > 180) {
            throw new IllegalArgumentException(what + " must be in (0, 180] degrees, got " + v);
        }
    }
}
