package dev.heed.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import com.google.protobuf.CodedOutputStream;
import dev.heed.inference.SharedData;
import dev.heed.inference.TestFaces;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a model's contract comes from: its ONNX metadata, configuration over it, the input shape, Hopenet's defaults. */
class ModelContractResolutionTest {
    @TempDir
    Path dir;

    /**
     * A copy of the Hopenet-lite file with {@code heed.*} entries in its ONNX metadata_props (ModelProto field 14):
     * protobuf merges fields appended to a serialised message, so appending is enough.
     */
    private Path hopenetWithMetadata(Map<String, String> metadata) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(Files.readAllBytes(SharedData.hopenet()));
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            CodedOutputStream entryOut = CodedOutputStream.newInstance(entry);
            entryOut.writeString(1, e.getKey());
            entryOut.writeString(2, e.getValue());
            entryOut.flush();
            out.writeByteArray(14, entry.toByteArray());
        }
        out.flush();
        Path file = dir.resolve("hopenet-with-metadata.onnx");
        Files.write(file, bytes.toByteArray());
        return file;
    }

    private static ModelConfig config(Path model, ContractSettings contract) {
        return new ModelConfig(model, 1, ExecutionProvider.CPU, false, contract);
    }

    private static List<FaceImage> turnedFaces() throws IOException {
        return List.of(FaceImage.whole(TestFaces.FRONTAL.crop(224)), FaceImage.whole(TestFaces.TURNED_TO_IMAGE_RIGHT.crop(224)),
                FaceImage.whole(TestFaces.TURNED_TO_IMAGE_LEFT.crop(224)));
    }

    @Test
    void metadataSetsTheContractAndConfigurationOverridesIt() throws Exception {
        Path annotated = hopenetWithMetadata(Map.of(ContractSettings.KEY_CHANNEL_ORDER, "bgr", ContractSettings.KEY_BINS, "66",
                ContractSettings.KEY_BIN_WIDTH, "3", ContractSettings.KEY_BIN_OFFSET, "-99", "unrelated.key", "ignored"));
        List<FaceImage> faces = turnedFaces();
        try (HopenetModel plain = HopenetModel.open(config(SharedData.hopenet(), ContractSettings.NONE));
             HopenetModel fromMetadata = HopenetModel.open(config(annotated, ContractSettings.NONE));
             HopenetModel overridden = HopenetModel.open(config(annotated,
                     new ContractSettings(null, ChannelOrder.RGB, null, null, null, null, null, null, null, null)))) {
            assertEquals(ChannelOrder.RGB, plain.contract().channelOrder());
            assertEquals(ChannelOrder.BGR, fromMetadata.contract().channelOrder());
            assertEquals(ChannelOrder.RGB, overridden.contract().channelOrder());
            assertNotEquals(plain.identity().version(), fromMetadata.identity().version(), "another file, another version");

            List<HeadPose> expected = Poses.of(plain, faces);
            List<HeadPose> swapped = Poses.of(fromMetadata, faces);
            List<HeadPose> restored = Poses.of(overridden, faces);
            double swapEffect = 0;
            for (int i = 0; i < faces.size(); i++) {
                assertEquals(expected.get(i).yaw().degrees(), restored.get(i).yaw().degrees(), 1e-4);
                assertEquals(expected.get(i).roll().degrees(), restored.get(i).roll().degrees(), 1e-4);
                swapEffect += Math.abs(expected.get(i).pitch().degrees() - swapped.get(i).pitch().degrees());
            }
            assertTrue(swapEffect > 0.1, "feeding BGR to an RGB model must change its output: " + swapEffect);
        }
    }

    @Test
    void metadataThatDoesNotFitTheModelFailsAtOpenNamingTheKey() throws Exception {
        Path wrongBins = hopenetWithMetadata(Map.of(ContractSettings.KEY_BINS, "60"));
        IllegalArgumentException bins = assertThrows(IllegalArgumentException.class,
                () -> HopenetModel.open(config(wrongBins, ContractSettings.NONE)));
        assertTrue(bins.getMessage().contains("60 bins") && bins.getMessage().contains(ContractSettings.KEY_BINS), bins.getMessage());

        Path unreadable = hopenetWithMetadata(Map.of(ContractSettings.KEY_INPUT_SIZE, "large"));
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> HopenetModel.open(config(unreadable, ContractSettings.NONE)));
        assertTrue(size.getMessage().contains(ContractSettings.KEY_INPUT_SIZE), size.getMessage());
    }

    @Test
    void aDegreesOutputGivesTheSameAnglesWithUnknownSpreadUnlessMirrored() throws Exception {
        ContractSettings degrees = new ContractSettings(null, null, null, null, null, null, null, null, ModelOutput.DEGREES, null);
        List<FaceImage> faces = turnedFaces();
        try (HopenetModel logits = HopenetModel.open(config(SharedData.hopenet(), ContractSettings.NONE));
             HopenetModel bare = HopenetModel.open(config(SharedData.hopenet(), degrees));
             PoseEstimator bareMirrored = MirrorAveraging.average(HopenetModel.open(config(SharedData.hopenet(), degrees)))) {
            assertEquals(ModelOutput.LOGITS, logits.output());
            assertEquals(ModelOutput.DEGREES, bare.output());
            List<HeadPose> a = Poses.of(logits, faces);
            List<HeadPose> b = Poses.of(bare, faces);
            List<HeadPose> m = Poses.of(bareMirrored, faces);
            for (int i = 0; i < faces.size(); i++) {
                assertEquals(a.get(i).yaw().degrees(), b.get(i).yaw().degrees(), 1e-3);
                assertEquals(a.get(i).pitch().degrees(), b.get(i).pitch().degrees(), 1e-3);
                assertEquals(a.get(i).roll().degrees(), b.get(i).roll().degrees(), 1e-3);
                assertTrue(Double.isNaN(b.get(i).yaw().spreadDeg()) && Double.isNaN(b.get(i).yaw().confidence()), b.get(i).toString());
                // Mirrored: the spread is the disagreement between the face and its mirror.
                assertTrue(m.get(i).yaw().spreadDeg() >= 0 && m.get(i).yaw().confidence() <= 1, m.get(i).toString());
            }
        }
    }

    @Test
    void anotherModelRunsFromConfigurationAlone() throws Exception {
        // FSA-Net: BGR 64x64, (x - 127.5) / 128, one [1,3] output named "output", fixed batch 1.
        ContractSettings fsanet = new ContractSettings(64, ChannelOrder.BGR, 1f, List.of(127.5f, 127.5f, 127.5f),
                List.of(128f, 128f, 128f), null, null, null, ModelOutput.DEGREES, "output");
        try (HopenetModel model = HopenetModel.open(config(SharedData.root().resolve("models/fsanet-1x1.onnx"), fsanet))) {
            List<HeadPose> poses = Poses.of(model, turnedFaces());
            assertEquals(3, poses.size());
            assertTrue(Math.abs(poses.get(0).yaw().degrees()) < 20, "frontal " + poses.get(0));
            assertTrue(poses.get(1).yaw().degrees() < -30, "turned to image-right " + poses.get(1));
            assertTrue(poses.get(2).yaw().degrees() > 30, "turned to image-left " + poses.get(2));
        }
    }

    @Test
    void cudaIsUsedOnlyWhereThisBuildHasItAndAutoSaysWhyNot() throws Exception {
        try (HopenetModel auto = HopenetModel.open(new ModelConfig(SharedData.hopenet(), 1, ExecutionProvider.AUTO, false, ContractSettings.NONE))) {
            if (ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA)) {
                assertTrue(auto.provider().startsWith("CUDA") || auto.provider().startsWith("CPU (CUDA unavailable"), auto.provider());
                return;
            }
            assertTrue(auto.provider().startsWith("CPU (CUDA unavailable: this ONNX Runtime build has no CUDA provider"), auto.provider());
        }
        OrtException e = assertThrows(OrtException.class,
                () -> HopenetModel.open(new ModelConfig(SharedData.hopenet(), 1, ExecutionProvider.CUDA, false, ContractSettings.NONE)));
        assertTrue(e.getMessage().contains("--provider cuda"), e.getMessage());
    }
}
