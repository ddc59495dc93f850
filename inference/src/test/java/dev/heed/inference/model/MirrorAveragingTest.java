package dev.heed.inference.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.image.BgrImage;
import dev.heed.inference.SharedData;
import dev.heed.inference.TestFaces;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mirror averaging as an ensemble of an estimator and the same estimator on the mirrored face. */
class MirrorAveragingTest {
    /**
     * A model-free estimator that sees only geometry: yaw is how far the face box's centre lies right of the image
     * centre, roll how far its top lies below the image's, each with a bias, as a real model's left-right lean.
     * Records the batches it is given.
     */
    private static final class GeometryEstimator implements PoseEstimator {
        static final double YAW_BIAS = -2;
        static final double ROLL_BIAS = -1.5;
        final List<List<FaceImage>> calls = new ArrayList<>();

        @Override
        public List<PoseResult> estimate(List<FaceImage> faces) {
            calls.add(List.copyOf(faces));
            List<PoseResult> results = new ArrayList<>();
            for (FaceImage f : faces) {
                double offCentre = f.box().x() + f.box().width() / 2.0 - f.image().width() / 2.0;
                results.add(PoseResult.of(new HeadPose(new AngleEstimate(offCentre + YAW_BIAS, 3, 0.9), new AngleEstimate(f.box().y(), 4, 0.9),
                        new AngleEstimate(offCentre / 2 + ROLL_BIAS, 5, 0.9))));
            }
            return results;
        }

        @Override
        public ModelIdentity identity() {
            return new ModelIdentity("geometry", "v1");
        }

        @Override
        public String provider() {
            return "test";
        }

        @Override
        public void close() {
        }
    }

    /** Equal pixels, box and landmarks (FaceImage's equals compares the image arrays by identity). */
    private static void assertSameFace(FaceImage expected, FaceImage actual, String what) {
        assertEquals(expected.box(), actual.box(), what);
        assertArrayEquals(expected.landmarks(), actual.landmarks(), what);
        assertArrayEquals(expected.image().bgr(), actual.image().bgr(), what);
    }

    private static FaceImage face(float x, float y, float side) {
        return new FaceImage(gradient(), new FaceBox(x, y, side, side), new float[0]);
    }

    /** 100 x 80 pixels that differ from their mirror image. */
    private static BgrImage gradient() {
        byte[] bgr = new byte[100 * 80 * 3];
        for (int i = 0; i < bgr.length; i++) {
            bgr[i] = (byte) (i * 7);
        }
        return new BgrImage(100, 80, bgr);
    }

    @Test
    void theFacesAndTheirMirrorsRunAsOneBatchAndTheEnsembleCancelsTheBias() throws Exception {
        GeometryEstimator geometry = new GeometryEstimator();
        List<FaceImage> faces = List.of(face(10, 5, 30), face(60, 20, 30), face(35, 0, 30));
        try (PoseEstimator averaged = MirrorAveraging.average(geometry)) {
            List<HeadPose> poses = Poses.of(averaged, faces);

            assertEquals(1, geometry.calls.size(), "one call of the estimator for the face and its mirror");
            List<FaceImage> batch = geometry.calls.get(0);
            assertEquals(faces, batch.subList(0, 3), "the faces first");
            for (int i = 0; i < faces.size(); i++) {
                assertSameFace(faces.get(i).mirrored(), batch.get(3 + i), "then their mirror images");
            }

            for (int i = 0; i < faces.size(); i++) {
                FaceImage f = faces.get(i);
                double offCentre = f.box().x() + f.box().width() / 2.0 - 50;
                HeadPose p = poses.get(i);
                // The mirror sees -offCentre + bias; negated back that is offCentre - bias, so the mean has no bias.
                assertEquals(offCentre, p.yaw().degrees(), 1e-4, "yaw of face " + i);
                assertEquals(offCentre / 2, p.roll().degrees(), 1e-4, "roll of face " + i);
                assertEquals(f.box().y(), p.pitch().degrees(), 1e-9, "pitch is not mirrored");
                // The ensemble's spread: own spread 3 and the two estimates 2 x bias apart.
                assertEquals(Math.sqrt(9 + 4), p.yaw().spreadDeg(), 1e-4);
                assertEquals(EnsembleEstimator.confidence(p.yaw().spreadDeg()), p.yaw().confidence(), 1e-12);
            }
            assertEquals(new ModelIdentity("geometry+mirror", "v1"), averaged.identity());
        }
    }

    @Test
    void mirroringAFaceMirrorsItsBoxAndSwapsItsLeftAndRightLandmarks() {
        float[] points = {20, 30, 40, 31, 30, 45, 22, 55, 38, 56};
        FaceImage f = new FaceImage(gradient(), new FaceBox(10, 20, 40, 50), points);
        FaceImage m = f.mirrored();
        assertEquals(new FaceBox(50, 20, 40, 50), m.box());
        // Right eye of the mirror = image of the left eye (40, 31), and so on; the nose stays.
        assertArrayEquals(new float[] {60, 31, 80, 30, 70, 45, 62, 56, 78, 55}, m.landmarks());
        assertSameFace(f, m.mirrored(), "mirroring twice gives the face back");
        assertEquals(0, FaceImage.whole(new BgrImage(4, 4, new byte[48])).mirrored().landmarks().length);
    }

    /** The PnP baseline is exactly symmetric, so it shows the landmarks are mirrored and swapped correctly. */
    @Test
    void theLandmarkEstimatorOnTheMirroredFaceGivesTheMirroredPose() throws Exception {
        LandmarkPoseEstimator landmarks = new LandmarkPoseEstimator();
        for (TestFaces t : TestFaces.values()) {
            HeadPose direct = Poses.of(landmarks, List.of(t.face(224))).get(0);
            HeadPose viaMirror = Poses.of(new MirroredEstimator(landmarks), List.of(t.face(224))).get(0);
            assertEquals(direct.yaw().degrees(), viaMirror.yaw().degrees(), 0.01, t + ": " + direct + " vs " + viaMirror);
            assertEquals(direct.pitch().degrees(), viaMirror.pitch().degrees(), 0.01, t.name());
            assertEquals(direct.roll().degrees(), viaMirror.roll().degrees(), 0.01, t.name());
        }
    }

    @Test
    void aFaceTheMirroredMemberCannotEstimateFailsWithItsReason() throws Exception {
        try (PoseEstimator averaged = MirrorAveraging.average(new LandmarkPoseEstimator())) {
            List<PoseResult> results = averaged.estimate(List.of(TestFaces.FRONTAL.face(224), FaceImage.whole(TestFaces.FRONTAL.crop(224))));
            assertTrue(!results.get(0).failed() && results.get(1).failed(), results.toString());
            assertEquals(LandmarkPoseEstimator.NO_LANDMARKS, ((PoseResult.Failed) results.get(1)).reasonCode());
        }
    }

    /** hopenet-mirror gives what the former in-model mirroring gave: each crop and its flipped copy, averaged. */
    @Test
    void hopenetMirrorIsHopenetAveragedWithHopenetOnTheFlippedCrop() throws Exception {
        List<BgrImage> crops = List.of(TestFaces.FRONTAL.crop(224), TestFaces.TURNED_TO_IMAGE_RIGHT.crop(224), TestFaces.TURNED_TO_IMAGE_LEFT.crop(224));
        EstimatorSetup setup = new EstimatorSetup(ModelConfig.defaults(SharedData.hopenet()), SharedData.root().resolve("models"));
        try (HopenetModel model = HopenetModel.open(SharedData.hopenet(), 1);
             PoseEstimator byName = PoseEstimators.open("hopenet-mirror", setup);
             PoseEstimator byFlag = PoseEstimators.open("hopenet", new EstimatorSetup(setup.hopenet().withMirror(true), setup.modelsDir()))) {
            List<HeadPose> direct = Poses.of(model, crops.stream().map(FaceImage::whole).toList());
            List<HeadPose> flipped = Poses.of(model, crops.stream().map(c -> FaceImage.whole(c.mirrored())).toList());
            for (PoseEstimator e : List.of(byName, byFlag)) {
                assertEquals(new ModelIdentity("hopenet-lite-shufflenetv2+mirror", "2a196d4bf03f"), e.identity());
                List<HeadPose> averaged = Poses.of(e, crops.stream().map(FaceImage::whole).toList());
                for (int i = 0; i < crops.size(); i++) {
                    HeadPose expected = EnsembleEstimator.combine(List.of(direct.get(i), flipped.get(i).unmirrored()), new double[] {0.5, 0.5});
                    assertEquals(expected.yaw().degrees(), averaged.get(i).yaw().degrees(), 1e-3);
                    assertEquals(expected.pitch().degrees(), averaged.get(i).pitch().degrees(), 1e-3);
                    assertEquals(expected.roll().degrees(), averaged.get(i).roll().degrees(), 1e-3);
                    assertEquals(expected.yaw().spreadDeg(), averaged.get(i).yaw().spreadDeg(), 1e-3);
                }
            }
        }
    }

    @Test
    void anySingleEstimatorCanBeMirroredByNameButAMirrorNotAgain() throws Exception {
        EstimatorSetup setup = new EstimatorSetup(ModelConfig.defaults(SharedData.hopenet()), SharedData.root().resolve("models"));
        try (PoseEstimator e = PoseEstimators.open("landmarks-mirror", setup)) {
            assertEquals("landmarks+mirror", e.identity().name());
            assertTrue(Math.abs(Poses.of(e, List.of(TestFaces.FRONTAL.face(224))).get(0).yaw().degrees()) < 15);
        }
        assertEquals(3.52, PoseEstimators.factory("3ddfa-mirror").orElseThrow().measuredMaeDeg(), "measured, so it can join :weighted");
        assertEquals(4.63, PoseEstimators.factory("hopenet-mirror").orElseThrow().measuredMaeDeg());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> PoseEstimators.open("hopenet-mirror-mirror", setup));
        assertTrue(twice.getMessage().contains("hopenet-mirror-mirror"), twice.getMessage());
        assertEquals(List.of(SharedData.root().resolve("models/3ddfa-v2-mb05-pose.onnx")),
                PoseEstimators.modelFiles("3ddfa-mirror", SharedData.root().resolve("models"), SharedData.hopenet()));
    }
}
