package dev.heed.aggregator.policy;

/**
 * Everything that decides a person's attention state and alerts, as in force for one pose sample: the
 * configured defaults, or an AttentionPolicy from heed.attention-policies.v1 with the defaults filled in.
 * Validated on construction; messages name the command-line flag and the policy field, because a bad value
 * can come from either.
 *
 * @param policyId             id written into windows and alerts ("default" for the configured defaults)
 * @param yaw0Deg              direction that counts as attending, yaw, degrees
 * @param pitch0Deg            direction that counts as attending, pitch, degrees
 * @param yawToleranceDeg      half-width of the (elliptical) cone around yaw0, degrees, inclusive
 * @param pitchToleranceDeg    half-width of the (elliptical) cone around pitch0, degrees, inclusive
 * @param hysteresisMarginDeg  away only beyond the cone of tolerances + margin, attending again only within the cone of
 *                             tolerances - margin
 * @param minDwellMs           a change of state counts once the new direction has held this long (event time)
 * @param minConfidence        samples with a yaw or pitch confidence below this never change the state
 * @param longDistractionMs    continuous away time that raises LONG_DISTRACTION
 * @param timeSharingTotalMs   away time in total within the span that raises VISUAL_TIME_SHARING
 * @param timeSharingSpanMs    the sliding span of the time-sharing rule
 * @param absentAfterMs        time without samples after which a person is absent
 * @param absentAlerts         whether absence raises ABSENT alerts
 */
public record AttentionSettings(
        String policyId,
        double yaw0Deg,
        double pitch0Deg,
        double yawToleranceDeg,
        double pitchToleranceDeg,
        double hysteresisMarginDeg,
        long minDwellMs,
        double minConfidence,
        long longDistractionMs,
        long timeSharingTotalMs,
        long timeSharingSpanMs,
        long absentAfterMs,
        boolean absentAlerts) {

    public static final String DEFAULT_POLICY_ID = "default";
    private static final long HOUR_MS = 3_600_000;
    private static final long DAY_MS = 24 * HOUR_MS;

    public AttentionSettings {
        if (policyId == null || policyId.isBlank() || policyId.length() > 249) {
            throw new IllegalArgumentException("policy id must be 1-249 characters, got '" + policyId + "'");
        }
        // No flags for the direction: without a policy, attending means looking at the camera (0, 0).
        requireIn(null, "yaw0_deg", yaw0Deg, -180, 180);
        requireIn(null, "pitch0_deg", pitch0Deg, -90, 90);
        requirePositiveUpTo("--yaw-tolerance-deg", "yaw_tolerance_deg", yawToleranceDeg, 180);
        requirePositiveUpTo("--pitch-tolerance-deg", "pitch_tolerance_deg", pitchToleranceDeg, 180);
        // The inner cone must not be empty, or nobody could ever turn back to attending.
        double maxMargin = Math.min(yawToleranceDeg, pitchToleranceDeg);
        if (!Double.isFinite(hysteresisMarginDeg) || hysteresisMarginDeg < 0 || hysteresisMarginDeg >= maxMargin) {
            throw new IllegalArgumentException(named("--hysteresis-margin-deg", "hysteresis_margin_deg")
                    + " must be at least 0 and below the smaller tolerance (" + maxMargin + "), got " + hysteresisMarginDeg);
        }
        requireMs("--min-dwell", "min_dwell_ms", minDwellMs, 0, 60_000);
        requireIn("--min-confidence", "min_confidence", minConfidence, 0, 1);
        requireMs("--long-distraction", "long_distraction_ms", longDistractionMs, 1, DAY_MS);
        requireMs("--time-sharing-span", "time_sharing_span_ms", timeSharingSpanMs, 1, HOUR_MS);
        requireMs("--time-sharing-total", "time_sharing_total_ms", timeSharingTotalMs, 1, timeSharingSpanMs);
        requireMs("--absent-after", "absent_after_ms", absentAfterMs, 1, DAY_MS);
    }

    /**
     * Whether the head points inside the cone, ignoring hysteresis. The cone is elliptical: the tolerances are its
     * half-widths along yaw and along pitch, and a head turned part of the way on both axes is outside once the two
     * parts add up, (dyaw / yaw tolerance)^2 + (dpitch / pitch tolerance)^2 > 1. (A box would count a head turned 29
     * degrees aside and 24 down as attending: it points 37 degrees off.) Inclusive on the edge.
     */
    public boolean inCone(double yawDeg, double pitchDeg) {
        return coneRadius(yawDeg, pitchDeg, yawToleranceDeg, pitchToleranceDeg) <= 1;
    }

    /**
     * What one sample says about the state: AWAY beyond the outer cone (each tolerance + margin), ATTENDING within
     * the inner cone (each tolerance - margin), NEUTRAL in between or when the estimator was unsure.
     */
    public Vote vote(double yawDeg, double pitchDeg, double confidence) {
        if (confidence < minConfidence) {
            return Vote.NEUTRAL;
        }
        if (coneRadius(yawDeg, pitchDeg, yawToleranceDeg + hysteresisMarginDeg, pitchToleranceDeg + hysteresisMarginDeg) > 1) {
            return Vote.AWAY;
        }
        if (coneRadius(yawDeg, pitchDeg, yawToleranceDeg - hysteresisMarginDeg, pitchToleranceDeg - hysteresisMarginDeg) <= 1) {
            return Vote.ATTENDING;
        }
        return Vote.NEUTRAL;
    }

    /** Where (yaw, pitch) lies against an elliptical cone of these half-widths around the direction: 1 on its edge. */
    private double coneRadius(double yawDeg, double pitchDeg, double halfYaw, double halfPitch) {
        return Math.hypot(yawOffset(yawDeg) / halfYaw, (pitchDeg - pitch0Deg) / halfPitch);
    }

    /** The same settings without hysteresis and temporal filter: every sample decides the state on its own. */
    public AttentionSettings unfiltered() {
        return new AttentionSettings(policyId, yaw0Deg, pitch0Deg, yawToleranceDeg, pitchToleranceDeg, 0, 0, 0,
                longDistractionMs, timeSharingTotalMs, timeSharingSpanMs, absentAfterMs, absentAlerts);
    }

    public AttentionSettings withFilter(double marginDeg, long dwellMs) {
        return new AttentionSettings(policyId, yaw0Deg, pitch0Deg, yawToleranceDeg, pitchToleranceDeg, marginDeg, dwellMs,
                minConfidence, longDistractionMs, timeSharingTotalMs, timeSharingSpanMs, absentAfterMs, absentAlerts);
    }

    public AttentionSettings withAbsentAlerts(boolean on) {
        return new AttentionSettings(policyId, yaw0Deg, pitch0Deg, yawToleranceDeg, pitchToleranceDeg, hysteresisMarginDeg,
                minDwellMs, minConfidence, longDistractionMs, timeSharingTotalMs, timeSharingSpanMs, absentAfterMs, on);
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

    private static String named(String flag, String field) {
        return flag == null ? "policy field " + field : flag + " (policy field " + field + ")";
    }

    private static void requireIn(String flag, String field, double v, double min, double max) {
        if (!Double.isFinite(v) || v < min || v > max) {
            throw new IllegalArgumentException(named(flag, field) + " must be in [" + min + ", " + max + "], got " + v);
        }
    }

    private static void requirePositiveUpTo(String flag, String field, double v, double max) {
        if (!Double.isFinite(v) || v <= 0 || v > max) {
            throw new IllegalArgumentException(named(flag, field) + " must be in (0, " + max + "] degrees, got " + v);
        }
    }

    private static void requireMs(String flag, String field, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(named(flag, field) + " must be between " + min + " and " + max + " ms, got " + v);
        }
    }
}
