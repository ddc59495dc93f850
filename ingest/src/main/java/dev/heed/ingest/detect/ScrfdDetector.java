package dev.heed.ingest.detect;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.heed.ingest.geometry.Rect;
import java.nio.file.Path;
import java.util.List;

/**
 * The SCRFD face detector with keypoints (InsightFace; e.g. scrfd-500m-kps.onnx) on ONNX Runtime, decoded as
 * InsightFace's reference does: strides 8, 16 and 32 with two anchors per cell, anchor centre = (col, row) *
 * stride; the score output is already a probability; the box is four distances (left, top, right, bottom)
 * from the anchor centre and each keypoint an offset from it, all in units of the stride. Input RGB,
 * (x - 127.5) / 128, letterboxed into the network input (the model's input is dynamic; see {@link NetworkInput}).
 */
public final class ScrfdDetector extends GridDetector {
    private static final int[] STRIDES = {8, 16, 32};
    private static final int ANCHORS_PER_CELL = 2;

    /**
     * Loads the model.
     *
     * @throws DetectorException if the file is missing, not an ONNX model or not shaped like SCRFD with keypoints
     */
    public ScrfdDetector(Path model, DetectorSettings settings) throws DetectorException {
        super("SCRFD", model, settings, ScrfdDetector::imageInput, PixelNormalization.RGB_CENTRED, STRIDES);
    }

    /** As InsightFace's reference does, the model's one input is taken whatever its name. */
    private static String imageInput(OrtSession session, Path model) throws DetectorException, OrtException {
        if (session.getInputNames().size() != 1) {
            throw new DetectorException(model + " is not an SCRFD model: expected one input, got " + session.getInputNames(), null);
        }
        String inputName = session.getInputNames().iterator().next();
        if (!(session.getInputInfo().get(inputName).getInfo() instanceof TensorInfo)) {
            throw new DetectorException(model + " is not an SCRFD model: input " + inputName + " is not a tensor", null);
        }
        for (int s : STRIDES) {
            OutputTensors.require(session.getOutputNames(), model.toString(), "an SCRFD (with keypoints)", "score_" + s, "bbox_" + s, "kps_" + s);
        }
        return inputName;
    }

    @Override
    protected void decode(OutputTensors out, int stride, NetworkInput input, List<Detection> into) throws DetectorException, OrtException {
        int cols = input.width() / stride;
        int anchors = cols * (input.height() / stride) * ANCHORS_PER_CELL;
        float[] score = out.floats("score_" + stride, anchors, 1);
        float[] bbox = out.floats("bbox_" + stride, anchors, 4);
        float[] kps = out.floats("kps_" + stride, anchors, 10);
        float toFrameX = input.toFrameX();
        float toFrameY = input.toFrameY();
        for (int a = 0; a < anchors; a++) {
            float s = score[a];
            if (!(s >= settings.scoreThreshold())) {
                continue;
            }
            int cell = a / ANCHORS_PER_CELL;
            float ax = (cell % cols) * stride;
            float ay = (cell / cols) * stride;
            float x1 = (ax - bbox[4 * a] * stride) * toFrameX;
            float y1 = (ay - bbox[4 * a + 1] * stride) * toFrameY;
            float x2 = (ax + bbox[4 * a + 2] * stride) * toFrameX;
            float y2 = (ay + bbox[4 * a + 3] * stride) * toFrameY;
            float w = x2 - x1;
            float h = y2 - y1;
            if (!Float.isFinite(w) || !Float.isFinite(h) || !(w > 0) || !(h > 0) || Math.max(w, h) < settings.minFaceSize()) {
                continue;
            }
            float[] landmarks = new float[2 * Detection.LANDMARK_COUNT];
            for (int k = 0; k < Detection.LANDMARK_COUNT; k++) {
                landmarks[2 * k] = (ax + kps[10 * a + 2 * k] * stride) * toFrameX;
                landmarks[2 * k + 1] = (ay + kps[10 * a + 2 * k + 1] * stride) * toFrameY;
            }
            into.add(new Detection(new Rect(x1, y1, w, h), Math.min(1f, s), landmarks));
        }
    }
}
