package dev.heed.evaluation.quantize;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.heed.common.onnx.OrtSessions;
import dev.heed.evaluation.quantize.onnx.OnnxModel.ModelProto;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Runs a model with its inner tensors exposed ({@link QdqQuantizer#calibrationModel()}) over calibration inputs
 * and records the range each tensor takes. The range is the plain minimum and maximum: with folded batch norms
 * and ReLUs the activations have no long outlier tails worth clipping, and the accuracy of the result is
 * measured afterwards anyway.
 */
public final class RangeCalibration implements AutoCloseable {
    private final OrtSession session;
    private final String inputName;
    private final Set<String> tensors;
    private final Map<String, ActivationRange> ranges = new HashMap<>();
    private int inputs;

    /**
     * @param calibrationModel the model with the tensors as outputs
     * @param tensors          the tensors to record
     */
    public RangeCalibration(ModelProto calibrationModel, Set<String> tensors) throws OrtException {
        this.session = OrtSessions.create(calibrationModel.toByteArray(), "calibration model", 1);
        if (session.getInputNames().size() != 1) {
            session.close();
            throw new IllegalArgumentException("calibration supports models with one input, this one has " + session.getInputNames());
        }
        this.inputName = session.getInputNames().iterator().next();
        this.tensors = Set.copyOf(tensors);
    }

    /** Runs one batch of model input, shaped as the model's input (e.g. [1, 3, 224, 224]). */
    public void observe(FloatBuffer input, long[] shape) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(OrtSessions.environment(), input, shape);
             OrtSession.Result result = session.run(Map.of(inputName, tensor), tensors)) {
            for (Map.Entry<String, OnnxValue> e : result) {
                FloatBuffer values = ((OnnxTensor) e.getValue()).getFloatBuffer();
                float lo = Float.POSITIVE_INFINITY;
                float hi = Float.NEGATIVE_INFINITY;
                while (values.hasRemaining()) {
                    float v = values.get();
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                if (lo > hi) {
                    continue; // an empty tensor says nothing about the range
                }
                ActivationRange seen = new ActivationRange(lo, hi);
                ranges.merge(e.getKey(), seen, (a, b) -> a.widen(b.lowest()).widen(b.highest()));
            }
        }
        inputs += (int) shape[0];
    }

    /** How many inputs (batch rows) were observed. */
    public int inputs() {
        return inputs;
    }

    /** The range of each tensor over everything observed so far. */
    public Map<String, ActivationRange> ranges() {
        return Map.copyOf(ranges);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // Nothing to do about a native close failure of a throwaway session.
        }
    }
}
