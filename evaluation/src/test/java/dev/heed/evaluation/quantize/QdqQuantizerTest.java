package dev.heed.evaluation.quantize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.heed.common.onnx.OrtSessions;
import dev.heed.evaluation.quantize.onnx.OnnxModel.AttributeProto;
import dev.heed.evaluation.quantize.onnx.OnnxModel.GraphProto;
import dev.heed.evaluation.quantize.onnx.OnnxModel.ModelProto;
import dev.heed.evaluation.quantize.onnx.OnnxModel.NodeProto;
import dev.heed.evaluation.quantize.onnx.OnnxModel.OperatorSetIdProto;
import dev.heed.evaluation.quantize.onnx.OnnxModel.TensorProto;
import dev.heed.evaluation.quantize.onnx.OnnxModel.TypeProto;
import dev.heed.evaluation.quantize.onnx.OnnxModel.ValueInfoProto;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rewrite on a small model built here (Conv, ReLU, Conv, then a fully connected layer), run in ONNX Runtime
 * before and after: the int8 model must compute the same function within the error its quantisation steps allow.
 */
class QdqQuantizerTest {
    private static final int CHANNELS_IN = 2;
    private static final int SIDE = 6;
    private static final long[] INPUT_SHAPE = {1, CHANNELS_IN, SIDE, SIDE};
    private final Random random = new Random(7);

    @Test
    void theInt8ModelComputesTheFloatModelsFunctionWithinItsQuantisationError() throws Exception {
        ModelProto model = model(13);
        QdqQuantizer quantizer = QdqQuantizer.of(model);
        assertEquals(3, quantizer.quantisedNodes(), "two convolutions and the fully connected layer");

        List<float[]> inputs = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            inputs.add(randomInput());
        }
        Map<String, ActivationRange> ranges;
        try (RangeCalibration calibration = new RangeCalibration(quantizer.calibrationModel(), quantizer.activations())) {
            for (float[] in : inputs) {
                calibration.observe(FloatBuffer.wrap(in), INPUT_SHAPE);
            }
            assertEquals(40, calibration.inputs());
            ranges = calibration.ranges();
        }
        assertEquals(quantizer.activations(), ranges.keySet());
        assertEquals(0f, ranges.get("relu1").lowest(), "the ReLU's output is calibrated, so its range starts at 0");

        ModelProto int8 = quantizer.quantize(ranges, Map.of("heed.quantization", "test"));
        assertTrue(int8.getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("Relu")), "the ReLU is folded");
        assertEquals(3, int8.getGraph().getInitializerList().stream().filter(t -> t.getDataType() == TensorProto.DataType.INT8_VALUE
                && t.getName().endsWith("_quantized")).count(), "three int8 weight tensors");
        assertFalse(int8.getGraph().getInitializerList().stream().anyMatch(t -> t.getName().equals("w1")), "float weights dropped");
        assertTrue(int8.getMetadataPropsList().stream().anyMatch(p -> p.getKey().equals("heed.quantization")));

        double worst = 0;
        double sumError = 0;
        double span = 0;
        int values = 0;
        try (OrtSession reference = OrtSessions.create(model.toByteArray(), "float", 1);
             OrtSession quantised = OrtSessions.create(int8.toByteArray(), "int8", 1)) {
            for (int i = 0; i < 10; i++) {
                float[] in = randomInput();
                float[] expected = run(reference, in);
                float[] got = run(quantised, in);
                for (int j = 0; j < expected.length; j++) {
                    worst = Math.max(worst, Math.abs(expected[j] - got[j]));
                    sumError += Math.abs(expected[j] - got[j]);
                    values++;
                    span = Math.max(span, Math.abs(expected[j]));
                }
            }
        }
        assertTrue(span > 0.5, "the test model computes something: largest output " + span);
        // Three layers of 8-bit rounding: errors of a few steps add up to a few percent at worst. A wrong channel
        // axis, scale or folded ReLU gives tens of percent.
        double mean = sumError / values;
        assertTrue(mean < 0.015 * span && worst < 0.08 * span, "mean difference " + mean + ", largest " + worst
                + ", against outputs up to " + span);
    }

    @Test
    void anOpset11ModelOfOpsThatMeanTheSameIn13IsRaisedTo13AndRunsInOnnxRuntime() throws Exception {
        ModelProto old = model(11).toBuilder().setIrVersion(6).build();
        QdqQuantizer quantizer = QdqQuantizer.of(old);
        assertEquals(11, quantizer.sourceOpset());
        ModelProto calibration = quantizer.calibrationModel();
        assertEquals(List.of(13L), calibration.getOpsetImportList().stream().map(OperatorSetIdProto::getVersion).toList());
        assertEquals(7, calibration.getIrVersion(), "opset 13 needs IR version 7");

        Map<String, ActivationRange> ranges;
        try (RangeCalibration run = new RangeCalibration(calibration, quantizer.activations())) {
            for (int i = 0; i < 20; i++) {
                run.observe(FloatBuffer.wrap(randomInput()), INPUT_SHAPE);
            }
            ranges = run.ranges();
        }
        ModelProto int8 = quantizer.quantize(ranges, Map.of());
        assertEquals(13L, int8.getOpsetImport(0).getVersion());
        try (OrtSession reference = OrtSessions.create(old.toByteArray(), "float opset 11", 1);
             OrtSession quantised = OrtSessions.create(int8.toByteArray(), "int8 raised to 13", 1)) {
            float[] in = randomInput();
            float[] expected = run(reference, in);
            float[] got = run(quantised, in);
            double span = 0;
            double worst = 0;
            for (int j = 0; j < expected.length; j++) {
                span = Math.max(span, Math.abs(expected[j]));
                worst = Math.max(worst, Math.abs(expected[j] - got[j]));
            }
            assertTrue(worst < 0.08 * span, "largest difference " + worst + " against outputs up to " + span);
        }
    }

    @Test
    void anOpset11ModelWithAnOpThatChangedBy13IsRefusedByName() {
        ModelProto withSoftmax = model(11).toBuilder().setGraph(model(11).getGraph().toBuilder()
                .setOutput(0, value("probabilities"))
                .addNode(node("Softmax", List.of("out"), "probabilities"))).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QdqQuantizer.of(withSoftmax));
        assertTrue(e.getMessage().contains("opset 11") && e.getMessage().contains("Softmax") && !e.getMessage().contains("Conv"),
                e.getMessage());

        ModelProto opset12 = model(12).toBuilder().setGraph(model(12).getGraph().toBuilder()
                .addNode(node("Unsqueeze", List.of("out"), "extra"))).build();
        e = assertThrows(IllegalArgumentException.class, () -> QdqQuantizer.of(opset12));
        assertTrue(e.getMessage().contains("opset 12") && e.getMessage().contains("Unsqueeze"), e.getMessage());
    }

    @Test
    void everyActivationNeedsARangeAndOldOpsetsAreRefused() {
        QdqQuantizer quantizer = QdqQuantizer.of(model(13));
        Map<String, ActivationRange> missing = new HashMap<>();
        quantizer.activations().forEach(a -> missing.put(a, new ActivationRange(-1, 1)));
        missing.remove("input");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> quantizer.quantize(missing, Map.of()));
        assertTrue(e.getMessage().contains("input"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> QdqQuantizer.of(model(10)));
        assertTrue(e.getMessage().contains("opset 10") && e.getMessage().contains("needs opset 13"), e.getMessage());
    }

    @Test
    void aModelWithoutConvOrGemmIsRefused() {
        ModelProto relu = ModelProto.newBuilder().setIrVersion(7).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13))
                .setGraph(GraphProto.newBuilder().setName("relu").addInput(value("input", INPUT_SHAPE)).addOutput(value("out"))
                        .addNode(NodeProto.newBuilder().setOpType("Relu").addInput("input").addOutput("out"))).build();
        assertThrows(IllegalArgumentException.class, () -> QdqQuantizer.of(relu));
    }

    private float[] randomInput() {
        float[] in = new float[CHANNELS_IN * SIDE * SIDE];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) (random.nextGaussian() * 1.5);
        }
        return in;
    }

    private static float[] run(OrtSession session, float[] input) throws Exception {
        try (OnnxTensor t = OnnxTensor.createTensor(OrtSessions.environment(), FloatBuffer.wrap(input), INPUT_SHAPE);
             OrtSession.Result r = session.run(Map.of("input", t))) {
            FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }

    /** input [1,2,6,6] -> Conv 3x3 (4 ch) -> ReLU -> Conv 1x1 (3 ch) -> Flatten -> Gemm (5 outputs). */
    private ModelProto model(int opset) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("small")
                .addInput(value("input", INPUT_SHAPE)).addOutput(value("out"))
                .addInitializer(weights("w1", 4, CHANNELS_IN, 3, 3)).addInitializer(weights("b1", 4))
                .addInitializer(weights("w2", 3, 4, 1, 1)).addInitializer(weights("b2", 3))
                .addInitializer(weights("fc", 5, 3 * SIDE * SIDE)).addInitializer(weights("fcb", 5))
                .addNode(node("Conv", List.of("input", "w1", "b1"), "conv1").addAttribute(ints("pads", 1, 1, 1, 1)))
                .addNode(node("Relu", List.of("conv1"), "relu1"))
                .addNode(node("Conv", List.of("relu1", "w2", "b2"), "conv2"))
                .addNode(node("Flatten", List.of("conv2"), "flat"))
                .addNode(node("Gemm", List.of("flat", "fc", "fcb"), "out").addAttribute(
                        AttributeProto.newBuilder().setName("transB").setType(AttributeProto.AttributeType.INT).setI(1)));
        return ModelProto.newBuilder().setIrVersion(7).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(opset)).setGraph(g).build();
    }

    private TensorProto weights(String name, long... dims) {
        int n = 1;
        for (long d : dims) {
            n *= (int) d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * 0.3);
        }
        return OnnxTensors.floats(name, v, dims);
    }

    private static NodeProto.Builder node(String op, List<String> inputs, String output) {
        return NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output);
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static ValueInfoProto value(String name, long... dims) {
        TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE);
        if (dims.length > 0) {
            var shape = dev.heed.evaluation.quantize.onnx.OnnxModel.TensorShapeProto.newBuilder();
            for (long d : dims) {
                shape.addDim(dev.heed.evaluation.quantize.onnx.OnnxModel.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
            }
            t.setShape(shape);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(t)).build();
    }
}
