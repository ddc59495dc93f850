package dev.heed.ingest.detect;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Set;

/** Reads a detector's named float outputs, checking that each has the size its stride implies. */
final class OutputTensors {
    private final OrtSession.Result result;
    private final String model;

    OutputTensors(OrtSession.Result result, String model) {
        this.result = result;
        this.model = model;
    }

    /** The output's values, which must number {@code rows * perRow}. */
    float[] floats(String name, int rows, int perRow) throws DetectorException, OrtException {
        OnnxValue v = result.get(name).orElseThrow(() -> new DetectorException(model + ": output " + name + " missing", null));
        FloatBuffer fb = ((OnnxTensor) v).getFloatBuffer();
        if (fb.remaining() != rows * perRow) {
            throw new DetectorException(model + ": output " + name + " has " + fb.remaining() + " values, expected " + rows + " x " + perRow, null);
        }
        float[] a = new float[fb.remaining()];
        fb.get(a);
        return a;
    }

    /** Throws unless the model declares every named output; {@code kind} reads "a YuNet", "an SCRFD". */
    static void require(Set<String> declared, String model, String kind, String... names) throws DetectorException {
        for (String n : names) {
            if (!declared.contains(n)) {
                throw new DetectorException(model + " is not " + kind + " model: missing output " + n + " (outputs: " + declared + ")", null);
            }
        }
    }
}
