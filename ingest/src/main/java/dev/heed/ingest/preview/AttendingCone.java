package dev.heed.ingest.preview;

import dev.heed.proto.v1.AttentionPolicy;
import dev.heed.topics.Topics;

/**
 * The directions that count as attending for a camera, as its AttentionPolicy defines them: an ellipse around (yaw0,
 * pitch0) with the yaw and pitch tolerances as its half-widths, degrees, inclusive (as the aggregator's
 * AttentionSettings.inCone). What the preview draws and, until the aggregator's state of a
 * person is known, what it colours a face by. Hysteresis and the temporal filter are the aggregator's business.
 *
 * @param policyId the policy it comes from ("default" for the aggregator's built-in defaults)
 */
public record AttendingCone(String policyId, double yaw0Deg, double pitch0Deg, double yawToleranceDeg, double pitchToleranceDeg) {
    /**
     * The aggregator's defaults (AggregatorConfig.DEFAULT_SETTINGS: looking at the camera within 30 degrees of yaw
     * and 25 of pitch). Ingest does not depend on the aggregator; cli's AttendingConeDefaultsTest keeps them equal.
     */
    public static final AttendingCone AGGREGATOR_DEFAULT = new AttendingCone("default", 0, 0, 30, 25);

    public AttendingCone {
        if (!(Math.abs(yaw0Deg) <= 180) || !(Math.abs(pitch0Deg) <= 90)) {
            throw new IllegalArgumentException("policy '" + policyId + "': yaw0_deg must be in [-180, 180] and pitch0_deg in [-90, 90], got "
                    + yaw0Deg + ", " + pitch0Deg);
        }
        if (!(yawToleranceDeg > 0 && yawToleranceDeg <= 180) || !(pitchToleranceDeg > 0 && pitchToleranceDeg <= 180)) {
            throw new IllegalArgumentException("policy '" + policyId + "': tolerances must be in (0, 180] degrees, got "
                    + yawToleranceDeg + ", " + pitchToleranceDeg);
        }
    }

    /**
     * The cone of a policy record, the defaults' tolerances where it leaves them 0 (as the aggregator merges them).
     * Throws IllegalArgumentException for a policy the aggregator would not use either.
     */
    public static AttendingCone of(String policyId, AttentionPolicy p, AttendingCone defaults) {
        if (p.getSchemaVersion() > Topics.SCHEMA_VERSION) {
            throw new IllegalArgumentException("policy '" + policyId + "': schema_version " + p.getSchemaVersion() + " is newer than "
                    + Topics.SCHEMA_VERSION);
        }
        return new AttendingCone(policyId, p.getYaw0Deg(), p.getPitch0Deg(),
                p.getYawToleranceDeg() != 0 ? p.getYawToleranceDeg() : defaults.yawToleranceDeg(),
                p.getPitchToleranceDeg() != 0 ? p.getPitchToleranceDeg() : defaults.pitchToleranceDeg());
    }

    /** Whether a head pointing at (yaw, pitch) is inside the cone; yaw wraps at +-180. NaN is never inside. */
    public boolean contains(double yawDeg, double pitchDeg) {
        double dy = (yawDeg - yaw0Deg) % 360;
        if (dy > 180) {
            dy -= 360;
        } else if (dy < -180) {
            dy += 360;
        }
        return Math.hypot(dy / yawToleranceDeg, (pitchDeg - pitch0Deg) / pitchToleranceDeg) <= 1;
    }
}
