package dev.heed.aggregator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.aggregator.AggregatorConfig;
import org.junit.jupiter.api.Test;

class AttentionSettingsTest {
    private static final AttentionSettings D = AggregatorConfig.DEFAULT_SETTINGS;

    private static AttentionSettings towards(double yaw0, double pitch0) {
        return new AttentionSettings("p", yaw0, pitch0, 30, 25, 5, 400, 0.5, 3000, 10_000, 30_000, 5000, false);
    }

    @Test
    void theConeIsAnInclusiveEllipseAndTheMarginSplitsItIntoThreeVotes() {
        assertTrue(D.inCone(30, 0));
        assertTrue(D.inCone(0, -25));
        assertTrue(D.inCone(15, 12));
        assertFalse(D.inCone(30.01, 0));
        assertFalse(D.inCone(30, 25), "the corner of a box of the tolerances points 37 degrees off: outside");
        assertEquals(Vote.ATTENDING, D.vote(25, 0, 1));
        assertEquals(Vote.NEUTRAL, D.vote(25, -20, 1));
        assertEquals(Vote.NEUTRAL, D.vote(25.01, 0, 1));
        // A back-row student of the classroom scene looking down at notes (labelled pitch below -30) reads like this:
        // inside a box of the tolerances plus margin on each axis alone, away on the two together.
        assertEquals(Vote.AWAY, D.vote(-27, -29, 1));
        assertEquals(Vote.NEUTRAL, D.vote(-35, 0, 1));
        assertEquals(Vote.AWAY, D.vote(-35.01, 0, 1));
        assertEquals(Vote.AWAY, D.vote(0, 30.01, 1));
        assertEquals(Vote.NEUTRAL, D.vote(0, -30, 1));
    }

    @Test
    void yawWrapsAroundSoABoardBehindTheCameraWorks() {
        AttentionSettings behind = towards(180, 0);
        assertEquals(Vote.ATTENDING, behind.vote(-170, 0, 1));
        assertEquals(Vote.ATTENDING, behind.vote(170, 0, 1));
        assertEquals(Vote.AWAY, behind.vote(0, 0, 1));
        assertTrue(behind.inCone(-151, 0));
    }

    @Test
    void anUnsureSampleIsNeutral() {
        assertEquals(Vote.NEUTRAL, towards(0, 0).vote(-80, 0, 0.49));
        assertEquals(Vote.AWAY, towards(0, 0).vote(-80, 0, 0.5));
    }

    @Test
    void unfilteredMeansEverySampleDecidesAlone() {
        AttentionSettings u = D.unfiltered();
        assertEquals(0, u.hysteresisMarginDeg());
        assertEquals(0, u.minDwellMs());
        assertEquals(Vote.ATTENDING, u.vote(30, 0, 0));
        assertEquals(Vote.AWAY, u.vote(30.01, 0, 0));
        assertEquals(Vote.AWAY, u.vote(30, 25, 0));
    }

    @Test
    void badValuesNameTheFlagAndThePolicyField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AttentionSettings("p", 0, 0, 30, 25, 25, 400, 0, 3000, 10_000, 30_000, 5000, false));
        assertTrue(e.getMessage().startsWith("--hysteresis-margin-deg (policy field hysteresis_margin_deg)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new AttentionSettings("p", 0, 0, 30, 25, 5, 400, 0, 3000, 40_000, 30_000, 5000, false));
        assertTrue(e.getMessage().startsWith("--time-sharing-total (policy field time_sharing_total_ms)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new AttentionSettings("p", 0, 95, 30, 25, 5, 400, 0, 3000, 10_000, 30_000, 5000, false));
        assertTrue(e.getMessage().startsWith("policy field pitch0_deg"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new AttentionSettings(" ", 0, 0, 30, 25, 5, 400, 0, 3000, 10_000, 30_000, 5000, false));
        assertThrows(IllegalArgumentException.class,
                () -> new AttentionSettings("p", 0, 0, Double.NaN, 25, 5, 400, 0, 3000, 10_000, 30_000, 5000, false));
    }
}
