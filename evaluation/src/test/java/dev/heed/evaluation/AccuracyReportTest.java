package dev.heed.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.inference.model.AngleEstimate;
import dev.heed.inference.model.HeadPose;
import dev.heed.inference.model.PoseResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccuracyReportTest {
    private static HeadPose pose(double yaw, double pitch, double roll) {
        return new HeadPose(new AngleEstimate(yaw, 1, 1), new AngleEstimate(pitch, 1, 1), new AngleEstimate(roll, 1, 1));
    }

    @Test
    void maePerAngleAndPerRangeOfTheLabelledAngle() {
        AccuracyReport r = new AccuracyReport();
        r.add(new PoseLabel("a", 10, -5, 0), pose(14, -5, 2));    // errors 4, 0, 2
        r.add(new PoseLabel("b", -45, 20, 70), pose(-40, 30, 64)); // errors 5, 10, 6
        r.add(new PoseLabel("c", 80, 0, -1), pose(70, 1, -1));     // errors 10, 1, 0
        r.addNoFace();
        r.excluded();

        assertEquals(4, r.images());
        assertEquals(1, r.noFace());
        assertEquals(3, r.faces());
        assertEquals(19 / 3.0, r.mae(0), 1e-12);
        assertEquals(11 / 3.0, r.mae(1), 1e-12);
        assertEquals(8 / 3.0, r.mae(2), 1e-12);
        assertEquals((19 + 11 + 8) / 9.0, r.meanMae(), 1e-12);
        assertEquals((4 + 5 - 10) / 3.0, r.bias(0), 1e-12);
        // yaw: |10| in 0-30, |-45| in 30-60, |80| in 60-99
        assertEquals(4, r.rangeMae(0, 0), 1e-12);
        assertEquals(5, r.rangeMae(0, 1), 1e-12);
        assertEquals(10, r.rangeMae(0, 2), 1e-12);
        // roll: 0 and -1 in 0-30 (errors 2 and 0), 70 in 60-99
        assertEquals(1, r.rangeMae(2, 0), 1e-12);
        assertEquals(0, r.rangeImages(2, 1));
        assertTrue(Double.isNaN(r.rangeMae(2, 1)));
        assertEquals(6, r.rangeMae(2, 2), 1e-12);
        assertEquals(1, r.toMap().get("excluded"));
    }

    @Test
    void facesTheEstimatorCouldNotEstimateAreCountedByReasonAndLeftOutOfTheMae() {
        AccuracyReport r = new AccuracyReport();
        r.add(new PoseLabel("a", 10, 0, 0), PoseResult.of(pose(12, 1, 3)));
        r.add(new PoseLabel("b", 20, 0, 0), PoseResult.failed("no_landmarks", "no landmarks"));
        r.add(new PoseLabel("c", 30, 0, 0), PoseResult.failed("no_landmarks", "no landmarks"));
        r.addNoFace();

        assertEquals(4, r.images());
        assertEquals(1, r.noFace());
        assertEquals(2, r.notEstimated());
        assertEquals(1, r.faces());
        assertEquals(2, r.mae(0), 1e-12, "only the estimated face is in the MAE");
        assertEquals(2, r.toMap().get("not_estimated"));
        assertEquals(Map.of("no_landmarks", 2), r.toMap().get("not_estimated_by_reason"));
        assertTrue(r.toLines().get(0).contains("1 without a detected face and 2 the estimator could not estimate (no_landmarks 2)"),
                r.toLines().get(0));
    }

    @Test
    void theProtocolKeepsLabelsWithin99Degrees() {
        assertTrue(new PoseLabel("x", 99, -99, 0).inProtocol());
        assertTrue(!new PoseLabel("x", 99.5, 0, 0).inProtocol());
        assertTrue(!new PoseLabel("x", 0, 0, -120).inProtocol());
    }
}
