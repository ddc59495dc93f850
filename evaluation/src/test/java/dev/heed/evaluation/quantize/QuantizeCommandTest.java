package dev.heed.evaluation.quantize;

import static dev.heed.evaluation.CommandOutput.number;
import static dev.heed.evaluation.CommandOutput.withModels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtSession;
import com.google.protobuf.Struct;
import dev.heed.common.onnx.OrtSessions;
import dev.heed.evaluation.CommandOutput;
import dev.heed.evaluation.EvalCommand;
import dev.heed.evaluation.SharedData;
import dev.heed.evaluation.quantize.onnx.OnnxModel.ModelProto;
import dev.heed.evaluation.quantize.onnx.OnnxModel.NodeProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * heed quantize on the real Hopenet-lite model, calibrated on ../shared/data/faces, then the whole pipeline's
 * accuracy with the int8 model on all of aflw2000-dev (images the calibration never saw). Speed is measured by
 * heed bench inference, not here.
 */
class QuantizeCommandTest {
    @TempDir
    Path dir;

    @Test
    void theInt8HopenetKeepsTheAccuracyTargetOnAflw2000Dev() throws Exception {
        Path int8 = dir.resolve("hopenet-lite-int8.onnx");
        CommandOutput run = CommandOutput.run(new QuantizeCommand(), withModels("--calibration", SharedData.faces().toString(),
                "--out", int8.toString()));
        assertEquals(0, run.exitCode(), run.err());
        System.out.println("heed quantize: " + run.out().strip());
        assertTrue(run.out().contains("59 Conv/Gemm nodes"), run.out());
        assertTrue(run.out().contains("calibrated on 206 faces"), run.out());
        assertTrue(run.out().contains("agreement with the float model"), run.out());

        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(int8));
        Map<String, Long> ops = model.getGraph().getNodeList().stream().collect(Collectors.groupingBy(NodeProto::getOpType, Collectors.counting()));
        assertEquals(56L, ops.get("Conv"));
        assertEquals(3L, ops.get("Gemm"));
        assertEquals(null, ops.get("Relu"), "every ReLU follows a convolution and is folded into its quantisation");
        assertTrue(Files.size(int8) < Files.size(SharedData.models().resolve("hopenet-lite-shufflenetv2.onnx")) / 2,
                "int8 weights take a quarter of the float ones' bytes");
        try (OrtSession session = OrtSessions.create(int8, 1)) {
            Map<String, String> metadata = session.getMetadata().getCustomMetadata();
            assertTrue(metadata.get(QuantizeCommand.METADATA_SOURCE).startsWith("hopenet-lite-shufflenetv2 2a196d4bf03f"), metadata.toString());
            assertTrue(metadata.get(QuantizeCommand.METADATA_CALIBRATION).startsWith("206 faces"), metadata.toString());
        }

        CommandOutput eval = CommandOutput.run(new EvalCommand(), withModels(SharedData.aflw().toString(), "--json", "--model", int8.toString()));
        assertEquals(0, eval.exitCode(), eval.err());
        System.out.println("heed eval aflw2000-dev (int8): " + eval.out().strip());
        Struct r = eval.json();
        assertEquals(552, number(r, "images"));
        assertTrue(number(r, "mae") <= 5.0, "mean MAE " + number(r, "mae") + " (the float model: 4.92)");
    }

    @Test
    void badArgumentsAreConfigurationErrors() throws Exception {
        CommandOutput run = CommandOutput.launch(new QuantizeCommand(), withModels("--calibration", dir.resolve("none").toString()));
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("is not a folder"), run.err());

        Path model = SharedData.models().resolve("hopenet-lite-shufflenetv2.onnx");
        run = CommandOutput.launch(new QuantizeCommand(), withModels("--calibration", SharedData.faces().toString(), "--out", model.toString()));
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("must not be the model file itself"), run.err());

        Path notAModel = Files.writeString(dir.resolve("notes.onnx"), "not a model");
        run = CommandOutput.launch(new QuantizeCommand(), withModels("--calibration", SharedData.faces().toString(), "--model", notAModel.toString(),
                "--out", dir.resolve("y.onnx").toString()));
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("is not an ONNX model"), run.err());

        run = CommandOutput.launch(new QuantizeCommand(), withModels("--calibration", dir.toString(), "--out", dir.resolve("x.onnx").toString()));
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("no face found in 0 images"), run.err());
        assertTrue(Files.notExists(dir.resolve("x.onnx")), "nothing written");
    }
}
