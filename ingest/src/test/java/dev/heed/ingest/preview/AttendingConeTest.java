package dev.heed.ingest.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.proto.v1.AttentionPolicy;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.proto.v1.Visibility;
import org.junit.jupiter.api.Test;

class AttendingConeTest {
    private static final AttendingCone DEFAULT = AttendingCone.AGGREGATOR_DEFAULT;

    @Test
    void toleranceIsInclusiveAndBothAnglesCount() {
        assertTrue(DEFAULT.contains(0, 0));
        assertTrue(DEFAULT.contains(30, 0));
        assertTrue(DEFAULT.contains(0, 25));
        assertFalse(DEFAULT.contains(30, -25), "an ellipse: the corner of the tolerances' box is outside");
        assertFalse(DEFAULT.contains(30.1, 0));
        assertFalse(DEFAULT.contains(0, -25.1));
        assertFalse(DEFAULT.contains(Double.NaN, 0), "no angle, not attending");
    }

    @Test
    void yawWrapsAroundTheBack() {
        AttendingCone behind = new AttendingCone("rear", 175, 0, 10, 20);
        assertTrue(behind.contains(-175, 0), "10 degrees apart across +-180");
        assertFalse(behind.contains(160, 0));
    }

    @Test
    void aPolicyTakesTheDefaultsToleranceWhereItLeavesItZero() {
        AttendingCone c = AttendingCone.of("board", AttentionPolicy.newBuilder().setSchemaVersion(1).setYaw0Deg(-20).setPitch0Deg(10)
                .setYawToleranceDeg(15).build(), DEFAULT);
        assertEquals(new AttendingCone("board", -20, 10, 15, 25), c);
        assertThrows(IllegalArgumentException.class,
                () -> AttendingCone.of("x", AttentionPolicy.newBuilder().setYaw0Deg(200).build(), DEFAULT));
        assertThrows(IllegalArgumentException.class,
                () -> AttendingCone.of("x", AttentionPolicy.newBuilder().setYawToleranceDeg(-5).build(), DEFAULT));
        assertThrows(IllegalArgumentException.class,
                () -> AttendingCone.of("x", AttentionPolicy.newBuilder().setSchemaVersion(2).build(), DEFAULT));
    }

    @Test
    void thePoseAloneGivesTheStateItsVisibilitySaysFirst() {
        PoseEvent.Builder e = PoseEvent.newBuilder().setYawDeg(-5).setPitchDeg(3);
        assertEquals("ATTENDING", PreviewEvents.coneState(e.build(), DEFAULT));
        assertEquals("AWAY", PreviewEvents.coneState(e.setYawDeg(-70).build(), DEFAULT));
        assertEquals("FACE_HIDDEN", PreviewEvents.coneState(e.setYawDeg(Float.NaN).setVisibility(Visibility.VISIBILITY_FACE_HIDDEN).build(), DEFAULT));
        assertEquals("ABSENT", PreviewEvents.coneState(e.setVisibility(Visibility.VISIBILITY_GONE).build(), DEFAULT));
    }
}
