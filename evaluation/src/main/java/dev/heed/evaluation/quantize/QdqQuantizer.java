package dev.heed.evaluation.quantize;

import dev.heed.evaluation.quantize.onnx.OnnxModel.AttributeProto;
import dev.heed.evaluation.quantize.onnx.OnnxModel.GraphProto;
import dev.heed.evaluation.quantize.onnx.OnnxModel.ModelProto;
import dev.heed.evaluation.quantize.onnx.OnnxModel.NodeProto;
import dev.heed.evaluation.quantize.onnx.OnnxModel.OperatorSetIdProto;
import dev.heed.evaluation.quantize.onnx.OnnxModel.StringStringEntryProto;
import dev.heed.evaluation.quantize.onnx.OnnxModel.TensorProto;
import dev.heed.evaluation.quantize.onnx.OnnxModel.TypeProto;
import dev.heed.evaluation.quantize.onnx.OnnxModel.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Static int8 quantisation of a model's convolutions and fully connected layers, in ONNX Runtime's QDQ form:
 * each quantised node reads its activation through a QuantizeLinear/DequantizeLinear pair, its weights as int8
 * (symmetric, one scale per output channel) and its bias as int32 through DequantizeLinear, and a convolution's
 * output goes through a QuantizeLinear/DequantizeLinear pair. The graph keeps float inputs and outputs and its
 * meaning; ONNX Runtime fuses each such group into one integer kernel (QLinearConv, QGemm), which on a CPU with
 * VNNI runs several times faster than float.
 *
 * <p>A ReLU that is a convolution's only consumer is removed: the convolution's output is quantised over the
 * ReLU's output range, whose lowest code is 0.0, so the quantisation clamps negatives exactly as the ReLU did.
 *
 * <p>Activation ranges come from a calibration run of {@link #calibrationModel()} over real inputs
 * ({@link RangeCalibration}); the rewrite itself ({@link #quantize}) needs nothing else.
 */
public final class QdqQuantizer {
    /** DequantizeLinear with a per-channel axis needs opset 13. */
    static final int MIN_OPSET = 13;
    /** Models of opset 11 and 12 can be raised to 13 when all their ops are in {@link #SAME_IN_OPSET_13}. */
    static final int MIN_RAISABLE_OPSET = 11;
    private static final long IR_VERSION_OF_OPSET_13 = 7;
    /**
     * Default-domain ops whose version in force at opset 11 or 12 computes the same as their version at opset 13:
     * the newer versions only added element types (bfloat16; int8 for MaxPool-12, integers for Clip-12) or made
     * inputs optional (Resize-13's roi and scales), and the attributes and inputs of the older ones keep their
     * meaning. Left out on purpose: ops whose opset-13 versions changed an attribute into an input or changed
     * semantics (Split, Squeeze, Unsqueeze, ReduceSum, Softmax, LogSoftmax, Hardmax), and everything not checked
     * against the operator changelog (Pad, Dropout, the other Reduce ops, control flow, ...).
     */
    static final Set<String> SAME_IN_OPSET_13 = Set.of("Add", "AveragePool", "BatchNormalization", "Clip", "Concat", "Constant",
            "Conv", "ConvTranspose", "Div", "Flatten", "Gather", "Gemm", "GlobalAveragePool", "GlobalMaxPool", "Identity",
            "LeakyRelu", "MatMul", "MaxPool", "Mul", "PRelu", "Relu", "Reshape", "Resize", "Shape", "Sigmoid", "Slice", "Sub",
            "Tanh", "Transpose");
    static final int INT8_MAX = 127;
    private static final double INT32_MAX = Integer.MAX_VALUE;

    private final ModelProto model;
    private final long sourceOpset;
    private final Map<String, TensorProto> initializers = new HashMap<>();
    private final Map<String, Integer> uses = new HashMap<>();
    private final Map<String, Target> targets = new LinkedHashMap<>();
    /** Indices of ReLU nodes folded into the convolution before them. */
    private final Set<Integer> foldedRelus = new HashSet<>();

    /**
     * A node to quantise.
     *
     * @param input      the float activation it reads
     * @param weight     its weight initializer
     * @param weightAxis the weight's output-channel axis
     * @param bias       its bias initializer, or null
     * @param output     the tensor to quantise at its output (a folded ReLU's output), or null to leave it float
     */
    private record Target(NodeProto node, String input, String weight, int weightAxis, String bias, String output) {
    }

    private QdqQuantizer(ModelProto model, long sourceOpset) {
        this.model = model;
        this.sourceOpset = sourceOpset;
        GraphProto graph = model.getGraph();
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        Set<String> graphOutputs = new HashSet<>();
        graph.getOutputList().forEach(o -> graphOutputs.add(o.getName()));
        Map<String, List<Integer>> consumers = new HashMap<>();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            for (String in : graph.getNode(i).getInputList()) {
                uses.merge(in, 1, Integer::sum);
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
            }
        }
        for (int i = 0; i < graph.getNodeCount(); i++) {
            NodeProto node = graph.getNode(i);
            if (!node.getDomain().isEmpty()) {
                continue;
            }
            if (node.getOpType().equals("Conv") && isFloatInitializer(node, 1, 4)) {
                String out = node.getOutput(0);
                List<Integer> next = consumers.getOrDefault(out, List.of());
                if (next.size() == 1 && !graphOutputs.contains(out) && graph.getNode(next.get(0)).getOpType().equals("Relu")) {
                    foldedRelus.add(next.get(0));
                    out = graph.getNode(next.get(0)).getOutput(0);
                }
                targets.put(node.getOutput(0), new Target(node, node.getInput(0), node.getInput(1), 0, bias(node, 0), out));
            } else if (node.getOpType().equals("Gemm") && isFloatInitializer(node, 1, 2) && intAttribute(node, "transA", 0) == 0) {
                // Gemm computes A * B' with transB=1, so B's rows are the output channels; otherwise its columns.
                int axis = intAttribute(node, "transB", 0) == 1 ? 0 : 1;
                targets.put(node.getOutput(0), new Target(node, node.getInput(0), node.getInput(1), axis, bias(node, axis), null));
            }
        }
    }

    /**
     * The quantizer for a model of opset 13 or later, or of opset 11 or 12 whose ops all mean the same in opset 13
     * ({@link #SAME_IN_OPSET_13}): such a model's default-domain opset import is raised to 13 (and its IR version
     * to 7, the first that knows opset 13), which changes nothing about what it computes.
     *
     * @throws IllegalArgumentException if the model's opset is too old for per-channel quantisation and cannot be
     *                                  raised, or it has nothing to quantise
     */
    public static QdqQuantizer of(ModelProto model) {
        long opset = defaultOpset(model);
        ModelProto usable = model;
        if (opset < MIN_OPSET) {
            usable = raiseOpset(model, opset);
        }
        QdqQuantizer q = new QdqQuantizer(usable, opset);
        if (q.targets.isEmpty()) {
            throw new IllegalArgumentException("the model has no Conv or Gemm node with constant weights: nothing to quantise");
        }
        return q;
    }

    private static long defaultOpset(ModelProto model) {
        return model.getOpsetImportList().stream().filter(o -> isDefaultDomain(o.getDomain()))
                .mapToLong(OperatorSetIdProto::getVersion).max().orElse(0);
    }

    private static boolean isDefaultDomain(String domain) {
        return domain.isEmpty() || domain.equals("ai.onnx");
    }

    /** The model stamped with opset 13, or an exception that says which of its ops stand in the way. */
    private static ModelProto raiseOpset(ModelProto model, long opset) {
        String advice = "; quantisation needs opset " + MIN_OPSET + " or later (re-export the model)";
        if (opset < MIN_RAISABLE_OPSET) {
            throw new IllegalArgumentException("the model uses ONNX opset " + opset + advice);
        }
        Set<String> changed = new java.util.TreeSet<>();
        for (NodeProto node : model.getGraph().getNodeList()) {
            if (isDefaultDomain(node.getDomain()) && !SAME_IN_OPSET_13.contains(node.getOpType())) {
                changed.add(node.getOpType());
            }
        }
        if (!changed.isEmpty()) {
            throw new IllegalArgumentException("the model uses ONNX opset " + opset + " and cannot simply be raised to opset "
                    + MIN_OPSET + ": these of its ops are not known to mean the same there: " + String.join(", ", changed) + advice);
        }
        ModelProto.Builder raised = model.toBuilder().clearOpsetImport();
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            raised.addOpsetImport(isDefaultDomain(o.getDomain()) ? o.toBuilder().setVersion(MIN_OPSET).build() : o);
        }
        return raised.setIrVersion(Math.max(model.getIrVersion(), IR_VERSION_OF_OPSET_13)).build();
    }

    /** The model's default-domain opset before quantisation (the output model has at least {@value #MIN_OPSET}). */
    public long sourceOpset() {
        return sourceOpset;
    }

    /** How many convolutions and fully connected layers the rewrite quantises. */
    public int quantisedNodes() {
        return targets.size();
    }

    /** The float tensors whose ranges the rewrite needs. */
    public Set<String> activations() {
        Set<String> names = new LinkedHashSet<>();
        for (Target t : targets.values()) {
            names.add(t.input);
            if (t.output != null) {
                names.add(t.output);
            }
        }
        return names;
    }

    /** The float model with every tensor of {@link #activations()} added as an output, for calibration. */
    public ModelProto calibrationModel() {
        GraphProto.Builder graph = model.getGraph().toBuilder();
        Set<String> present = new HashSet<>();
        graph.getOutputList().forEach(o -> present.add(o.getName()));
        TypeProto floatTensor = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)).build();
        for (String name : activations()) {
            if (present.add(name)) {
                graph.addOutput(ValueInfoProto.newBuilder().setName(name).setType(floatTensor));
            }
        }
        return model.toBuilder().setGraph(graph).build();
    }

    /**
     * The quantised model.
     *
     * @param ranges   a range for every tensor of {@link #activations()}
     * @param metadata entries added to the model's metadata (e.g. how it was calibrated)
     * @throws IllegalArgumentException if a range is missing
     */
    public ModelProto quantize(Map<String, ActivationRange> ranges, Map<String, String> metadata) {
        for (String name : activations()) {
            if (!ranges.containsKey(name)) {
                throw new IllegalArgumentException("no calibrated range for tensor " + name);
            }
        }
        GraphProto source = model.getGraph();
        Rewrite rewrite = new Rewrite(ranges);
        for (int i = 0; i < source.getNodeCount(); i++) {
            if (foldedRelus.contains(i)) {
                continue;
            }
            NodeProto node = source.getNode(i);
            Target target = targets.get(node.getOutput(0));
            if (target == null || target.node != node) {
                rewrite.nodes.add(node);
            } else {
                rewrite.quantise(target);
            }
        }
        GraphProto.Builder graph = source.toBuilder().clearNode().addAllNode(rewrite.nodes).clearInitializer();
        for (TensorProto t : source.getInitializerList()) {
            if (!rewrite.replaced.contains(t.getName()) || uses.getOrDefault(t.getName(), 0) > 1) {
                graph.addInitializer(t);
            }
        }
        graph.addAllInitializer(rewrite.initializers);
        ModelProto.Builder out = model.toBuilder().setGraph(graph);
        metadata.forEach((k, v) -> out.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return out.build();
    }

    /** One pass of the rewrite: the new node list and the initializers it adds. */
    private final class Rewrite {
        private final Map<String, ActivationRange> ranges;
        final List<NodeProto> nodes = new ArrayList<>();
        final List<TensorProto> initializers = new ArrayList<>();
        /** Float initializers replaced by quantised ones. */
        final Set<String> replaced = new HashSet<>();
        /** Float tensor -> the name of its quantise-dequantise round trip, made once and shared by its readers. */
        private final Map<String, String> dequantised = new HashMap<>();

        Rewrite(Map<String, ActivationRange> ranges) {
            this.ranges = ranges;
        }

        void quantise(Target t) {
            ActivationRange inRange = ranges.get(t.input);
            String input = roundTrip(t.input, inRange);
            float[] weightScales = weights(t);
            NodeProto.Builder node = t.node.toBuilder().setInput(0, input).setInput(1, t.weight + "_dequantized");
            if (t.bias != null) {
                bias(t, inRange.scale(), weightScales);
                node.setInput(2, t.bias + "_dequantized");
            }
            if (t.output == null) {
                nodes.add(node.build());
                return;
            }
            // The node writes a private tensor; the round trip restores the name its readers know.
            String raw = t.output + "_float";
            nodes.add(node.setOutput(0, raw).build());
            quantiseDequantise(raw, t.output, ranges.get(t.output));
            dequantised.put(t.output, t.output);
        }

        private String roundTrip(String tensor, ActivationRange range) {
            String done = dequantised.get(tensor);
            if (done != null) {
                return done;
            }
            String out = tensor + "_dequantized";
            quantiseDequantise(tensor, out, range);
            dequantised.put(tensor, out);
            return out;
        }

        private void quantiseDequantise(String in, String out, ActivationRange range) {
            String scale = in + "_scale";
            String zeroPoint = in + "_zero_point";
            initializers.add(OnnxTensors.floats(scale, new float[] {range.scale()}));
            initializers.add(OnnxTensors.uint8(zeroPoint, new byte[] {(byte) range.zeroPoint()}));
            nodes.add(node("QuantizeLinear", List.of(in, scale, zeroPoint), in + "_quantized", null));
            nodes.add(node("DequantizeLinear", List.of(in + "_quantized", scale, zeroPoint), out, null));
        }

        /** Symmetric int8 per output channel; returns the channel scales. */
        private float[] weights(Target t) {
            TensorProto w = QdqQuantizer.this.initializers.get(t.weight);
            float[] values = OnnxTensors.floats(w);
            long[] dims = w.getDimsList().stream().mapToLong(Long::longValue).toArray();
            int channels = (int) dims[t.weightAxis];
            int inner = 1;
            for (int d = t.weightAxis + 1; d < dims.length; d++) {
                inner *= (int) dims[d];
            }
            float[] scales = new float[channels];
            for (int i = 0; i < values.length; i++) {
                int c = (i / inner) % channels;
                scales[c] = Math.max(scales[c], Math.abs(values[i]));
            }
            if (t.bias != null) {
                widenForBias(t, scales);
            }
            for (int c = 0; c < channels; c++) {
                scales[c] = scales[c] > 0 ? scales[c] / INT8_MAX : 1f;
            }
            byte[] codes = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                int c = (i / inner) % channels;
                codes[i] = (byte) Math.max(-INT8_MAX, Math.min(INT8_MAX, Math.round(values[i] / scales[c])));
            }
            initializers.add(OnnxTensors.int8(t.weight + "_quantized", codes, dims));
            initializers.add(OnnxTensors.floats(t.weight + "_scale", scales, channels));
            initializers.add(OnnxTensors.int8(t.weight + "_zero_point", new byte[channels], channels));
            nodes.add(node("DequantizeLinear", List.of(t.weight + "_quantized", t.weight + "_scale", t.weight + "_zero_point"),
                    t.weight + "_dequantized", t.weightAxis));
            replaced.add(t.weight);
            return scales;
        }

        /**
         * The bias is stored in units of input scale x weight scale; a channel whose weights are all tiny could
         * need more than int32 for its bias, so such a channel's weight range is widened until the bias fits.
         */
        private void widenForBias(Target t, float[] maxAbsWeights) {
            float[] bias = OnnxTensors.floats(QdqQuantizer.this.initializers.get(t.bias));
            float inputScale = ranges.get(t.input).scale();
            for (int c = 0; c < maxAbsWeights.length; c++) {
                double needed = Math.abs(bias[c]) / (inputScale * INT32_MAX) * INT8_MAX;
                maxAbsWeights[c] = (float) Math.max(maxAbsWeights[c], needed);
            }
        }

        private void bias(Target t, float inputScale, float[] weightScales) {
            float[] bias = OnnxTensors.floats(QdqQuantizer.this.initializers.get(t.bias));
            int[] codes = new int[bias.length];
            float[] scales = new float[bias.length];
            for (int c = 0; c < bias.length; c++) {
                scales[c] = inputScale * weightScales[c];
                codes[c] = (int) Math.max(-INT32_MAX, Math.min(INT32_MAX, Math.round(bias[c] / (double) scales[c])));
            }
            initializers.add(OnnxTensors.int32(t.bias + "_quantized", codes, bias.length));
            initializers.add(OnnxTensors.floats(t.bias + "_scale", scales, bias.length));
            initializers.add(OnnxTensors.int32(t.bias + "_zero_point", new int[bias.length], bias.length));
            nodes.add(node("DequantizeLinear", List.of(t.bias + "_quantized", t.bias + "_scale", t.bias + "_zero_point"),
                    t.bias + "_dequantized", 0));
            replaced.add(t.bias);
        }
    }

    private static NodeProto node(String op, List<String> inputs, String output, Integer axis) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output + "_" + op).addAllInput(inputs).addOutput(output);
        if (axis != null) {
            n.addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(axis));
        }
        return n.build();
    }

    private boolean isFloatInitializer(NodeProto node, int index, int maxRank) {
        if (node.getInputCount() <= index) {
            return false;
        }
        TensorProto t = initializers.get(node.getInput(index));
        return t != null && t.getDataType() == TensorProto.DataType.FLOAT_VALUE && t.getDimsCount() >= 1 && t.getDimsCount() <= maxRank
                && !initializers.containsKey(node.getInput(0));
    }

    /** The node's third input when it is a constant float vector of one value per output channel, else null (stays float). */
    private String bias(NodeProto node, int weightAxis) {
        if (node.getInputCount() <= 2 || node.getInput(2).isEmpty()) {
            return null;
        }
        TensorProto t = initializers.get(node.getInput(2));
        long channels = initializers.get(node.getInput(1)).getDims(weightAxis);
        return t != null && t.getDataType() == TensorProto.DataType.FLOAT_VALUE && t.getDimsCount() == 1 && t.getDims(0) == channels
                ? node.getInput(2) : null;
    }

    private static long intAttribute(NodeProto node, String name, long fallback) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).mapToLong(AttributeProto::getI).findFirst().orElse(fallback);
    }
}
