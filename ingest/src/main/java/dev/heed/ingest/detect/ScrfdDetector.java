package dev.heed.ingest.detect;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.heed.common.image.BgrImage;
import dev.heed.common.onnx.OrtSessions;
import dev.heed.ingest.geometry.Rect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SCRFD face detector with keypoints (InsightFace; e.g. scrfd-500m-kps.onnx) on ONNX Runtime, decoded as
 * InsightFace's reference does: strides 8, 16 and 32 with two anchors per cell, anchor centre = (col, row) *
 * stride; the score output is already a probability; the box is four distances (left, top, right, bottom)
 * from the anchor centre and each keypoint an offset from it, all in units of the stride. Input RGB,
 * (x - 127.5) / 128, letterboxed into a square of the configured size (the model's input is dynamic).
 */
public final class ScrfdDetector implements FaceDetector {
    private static final int[] STRIDES = {8, 16, 32};
    private static final int ANCHORS_PER_CELL = 2;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final DetectorSettings settings;
    private final String name;
    private final String inputName;
    private final SquareInput input;

    /**
     * Loads the model.
     *
     * @throws DetectorException if the file is missing, not an ONNX model or not shaped like SCRFD with keypoints
     */
    public ScrfdDetector(Path model, DetectorSettings settings) throws DetectorException {
        this.settings = settings;
        this.env = OrtSessions.environment();
        this.session = DetectorModels.open(model, "SCRFD", settings.intraOpThreads());
        try {
            if (session.getInputNames().size() != 1) {
                throw new DetectorException(model + " is not an SCRFD model: expected one input, got " + session.getInputNames(), null);
            }
            this.inputName = session.getInputNames().iterator().next();
            NodeInfo in = session.getInputInfo().get(inputName);
            if (!(in.getInfo() instanceof TensorInfo ti)) {
                throw new DetectorException(model + " is not an SCRFD model: input " + inputName + " is not a tensor", null);
            }
            for (int s : STRIDES) {
                OutputTensors.require(session.getOutputNames(), model.toString(), "an SCRFD (with keypoints)", "score_" + s, "bbox_" + s, "kps_" + s);
            }
            this.input = new SquareInput(SquareInput.chooseSide(model, ti.getShape(), settings.inputSize()), PixelNormalization.RGB_CENTRED);
        } catch (DetectorException e) {
            close();
            throw e;
        } catch (OrtException e) {
            close();
            throw new DetectorException("cannot inspect model " + model + ": " + e.getMessage(), e);
        }
        String file = model.getFileName().toString();
        this.name = file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
    }

    /** The side of the network input in pixels. */
    public int inputSize() {
        return input.side();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Detection> detect(BgrImage frame) throws DetectorException {
        try (OnnxTensor tensor = input.load(env, frame);
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            OutputTensors out = new OutputTensors(result, name);
            List<Detection> candidates = new ArrayList<>();
            for (int stride : STRIDES) {
                decode(out, stride, candidates);
            }
            return NonMaxSuppression.apply(candidates, settings.nmsIouThreshold(), settings.topK());
        } catch (OrtException e) {
            throw new DetectorException("SCRFD inference failed: " + e.getMessage(), e);
        }
    }

    private void decode(OutputTensors out, int stride, List<Detection> into) throws DetectorException, OrtException {
        int cols = input.side() / stride;
        int anchors = cols * cols * ANCHORS_PER_CELL;
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

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // Nothing left to release on failure; the native session is gone with the process.
        }
    }
}
