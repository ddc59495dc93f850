package dev.heed.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.inference.SharedData;
import dev.heed.inference.TestFaces;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluggableEstimatorsTest {
    private static EstimatorSetup setup() {
        return new EstimatorSetup(ModelConfig.defaults(SharedData.hopenet()).withMirror(false), SharedData.root().resolve("models"));
    }

    private static List<FaceImage> faces() throws Exception {
        return List.of(FaceImage.whole(TestFaces.FRONTAL.crop(224)), FaceImage.whole(TestFaces.TURNED_TO_IMAGE_LEFT.crop(224)),
                FaceImage.whole(TestFaces.TURNED_TO_IMAGE_RIGHT.crop(224)));
    }

    /** Each model-based estimator, with its own crop rule, reads the three photos' yaw the right way round. */
    @Test
    void everyModelEstimatorTellsFrontalFromTurnedFacesAndNamesItself() throws Exception {
        for (String name : List.of("3ddfa", "fsanet", "hopenet-mirror", "3ddfa+fsanet")) {
            try (PoseEstimator e = PoseEstimators.open(name, setup())) {
                List<HeadPose> poses = Poses.of(e, faces());
                assertTrue(Math.abs(poses.get(0).yaw().degrees()) < 15, name + " frontal yaw " + poses.get(0).yaw());
                assertTrue(poses.get(1).yaw().degrees() > 30, name + " turned to image-left " + poses.get(1).yaw());
                assertTrue(poses.get(2).yaw().degrees() < -30, name + " turned to image-right " + poses.get(2).yaw());
                String named = name.equals("hopenet-mirror") ? "hopenet-lite-shufflenetv2+mirror" : name.split("\\+")[0];
                assertTrue(e.identity().name().contains(named), e.identity().name());
                assertEquals(12, e.identity().version().length());
            }
        }
    }

    @Test
    void anEnsembleIsNamedForItsMembersInOneOrderAndReportsTheirDisagreementAsConfidence() throws Exception {
        try (PoseEstimator a = PoseEstimators.open("fsanet+3ddfa", setup()); PoseEstimator threeDdfa = PoseEstimators.open("3ddfa", setup())) {
            assertEquals("ensemble(3ddfa+fsanet)", a.identity().name());
            assertNotEquals(threeDdfa.identity().version(), a.identity().version());
            HeadPose alone = Poses.of(threeDdfa, faces()).get(1);
            HeadPose both = Poses.of(a, faces()).get(1);
            assertTrue(Double.isNaN(alone.yaw().confidence()), "a degrees-only model alone has no confidence");
            assertTrue(both.yaw().confidence() > 0 && both.yaw().confidence() < 1, both.toString());
        }
    }

    @Test
    void aWeightedEnsembleLeansTowardTheMemberWithTheSmallerMeasuredError() throws Exception {
        assertEquals("3ddfa+fsanet:weighted", PoseEstimators.canonical(" FSANET+3ddfa:weighted"));
        try (PoseEstimator weighted = PoseEstimators.open("fsanet+3ddfa:weighted", setup());
             PoseEstimator threeDdfa = PoseEstimators.open("3ddfa", setup());
             PoseEstimator fsanet = PoseEstimators.open("fsanet", setup())) {
            assertEquals("ensemble(3ddfa+fsanet:weighted)", weighted.identity().name());
            FaceImage face = faces().get(1);
            double a = Poses.of(threeDdfa, List.of(face)).get(0).yaw().degrees();
            double b = Poses.of(fsanet, List.of(face)).get(0).yaw().degrees();
            double wa = 1 / 3.57;
            double wb = 1 / 4.88;
            assertEquals((wa * a + wb * b) / (wa + wb), Poses.of(weighted, List.of(face)).get(0).yaw().degrees(), 1e-4);
        }
    }

    @Test
    void combiningAddsTheMembersDisagreementToTheirOwnSpread() {
        AngleEstimate fromBins = new AngleEstimate(10, 6, 0.9);
        AngleEstimate bare = BinDecoder.bare(20);
        AngleEstimate combined = EnsembleEstimator.combine(new AngleEstimate[] {fromBins, bare}, new double[] {0.5, 0.5});
        assertEquals(15, combined.degrees(), 1e-9);
        // variance = 0.5 * (36 + 25) + 0.5 * (0 + 25)
        assertEquals(Math.sqrt(43), combined.spreadDeg(), 1e-9);
        assertEquals(1 - Math.sqrt(43) / EnsembleEstimator.NO_KNOWLEDGE_SPREAD_DEG, combined.confidence(), 1e-9);
        AngleEstimate agreeing = EnsembleEstimator.combine(new AngleEstimate[] {BinDecoder.bare(7), BinDecoder.bare(7)}, new double[] {0.5, 0.5});
        assertEquals(1, agreeing.confidence(), 1e-12);
    }

    @Test
    void unknownNamesAreRejectedWithTheKnownOnesAndEveryFactoryListsItsFiles() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PoseEstimators.open("hopenet+nope", setup()));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("3ddfa"), e.getMessage());
        Path models = SharedData.root().resolve("models");
        assertEquals(List.of(models.resolve("fsanet-1x1.onnx"), models.resolve("fsanet-var.onnx")),
                PoseEstimators.modelFiles("fsanet", models, SharedData.hopenet()));
        assertEquals(List.of(models.resolve("3ddfa-v2-mb05-pose.onnx"), SharedData.hopenet()),
                PoseEstimators.modelFiles("3ddfa+hopenet", models, SharedData.hopenet()));
        assertTrue(PoseEstimators.names().containsAll(List.of("hopenet", "hopenet-mirror", "3ddfa", "fsanet", "landmarks")));
    }

    /** Only the face without landmarks fails, with the landmark estimator's reason; alone or in an ensemble. */
    @Test
    void aFaceWithoutLandmarksFailsAloneAndTheRestOfItsBatchIsEstimated() throws Exception {
        List<FaceImage> batch = List.of(TestFaces.FRONTAL.face(224), FaceImage.whole(TestFaces.FRONTAL.crop(224)),
                TestFaces.TURNED_TO_IMAGE_LEFT.face(224));
        try (PoseEstimator landmarks = PoseEstimators.open("landmarks", setup()); PoseEstimator ensemble = PoseEstimators.open("3ddfa+landmarks", setup())) {
            for (PoseEstimator e : List.of(landmarks, ensemble)) {
                List<PoseResult> results = e.estimate(batch);
                String name = e.identity().name();
                assertEquals(3, results.size(), name);
                PoseResult.Failed failed = assertInstanceOf(PoseResult.Failed.class, results.get(1), name);
                assertEquals(LandmarkPoseEstimator.NO_LANDMARKS, failed.reasonCode(), name);
                assertTrue(failed.reason().contains("landmarks"), failed.reason());
                double frontal = results.get(0).pose().yaw().degrees();
                double turned = results.get(2).pose().yaw().degrees();
                System.out.printf("%s: frontal yaw %.1f, turned to image-left %.1f%n", name, frontal, turned);
                assertTrue(Math.abs(frontal) < 15, name + " frontal yaw " + frontal);
                assertTrue(turned > 30, name + " turned to image-left " + turned);
            }
        }
    }
}
