package dev.heed.ingest.detect;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.heed.ingest.geometry.Rect;
import java.nio.file.Path;
import java.util.List;

/**
 * The YuNet face detector (OpenCV Zoo 2023mar, or the same family with a dynamic input) on ONNX Runtime,
 * decoded as OpenCV's FaceDetectorYN decodes it: anchor-free, one prior per cell of strides 8, 16 and 32;
 * score = sqrt(cls * obj); box centre = (cell + offset) * stride, size = exp(log-size) * stride; landmarks
 * = (cell + offset) * stride. Input BGR 0..255, letterboxed into the network input (see {@link NetworkInput}).
 */
public final class YuNetDetector extends GridDetector {
    private static final int[] STRIDES = {8, 16, 32};
    private static final String INPUT = "input";

    /**
     * Loads the model.
     *
     * @throws DetectorException if the file is missing, not an ONNX model, not shaped like YuNet, or has a
     *                           fixed input of another size than the settings ask for
     */
    public YuNetDetector(Path model, DetectorSettings settings) throws DetectorException {
        super("YuNet", model, settings, YuNetDetector::imageInput, PixelNormalization.BGR_RAW, STRIDES);
    }

    private static String imageInput(OrtSession session, Path model) throws DetectorException, OrtException {
        NodeInfo in = session.getInputInfo().get(INPUT);
        if (in == null || !(in.getInfo() instanceof TensorInfo)) {
            throw new DetectorException(model + " is not a YuNet model: no input named '" + INPUT + "' (inputs: "
                    + session.getInputNames() + ")", null);
        }
        for (int s : STRIDES) {
            OutputTensors.require(session.getOutputNames(), model.toString(), "a YuNet", "cls_" + s, "obj_" + s, "bbox_" + s, "kps_" + s);
        }
        return INPUT;
    }

    @Override
    protected void decode(OutputTensors out, int stride, NetworkInput input, List<Detection> into) throws DetectorException, OrtException {
        int cols = input.width() / stride;
        int cells = cols * (input.height() / stride);
        float[] cls = out.floats("cls_" + stride, cells, 1);
        float[] obj = out.floats("obj_" + stride, cells, 1);
        float[] bbox = out.floats("bbox_" + stride, cells, 4);
        float[] kps = out.floats("kps_" + stride, cells, 10);
        float toFrameX = input.toFrameX();
        float toFrameY = input.toFrameY();
        for (int idx = 0; idx < cells; idx++) {
            float score = (float) Math.sqrt(clamp01(cls[idx]) * clamp01(obj[idx]));
            if (score < settings.scoreThreshold()) {
                continue;
            }
            int r = idx / cols;
            int c = idx % cols;
            float cx = (c + bbox[4 * idx]) * stride;
            float cy = (r + bbox[4 * idx + 1]) * stride;
            float w = (float) Math.exp(bbox[4 * idx + 2]) * stride;
            float h = (float) Math.exp(bbox[4 * idx + 3]) * stride;
            float fw = w * toFrameX;
            float fh = h * toFrameY;
            if (!Float.isFinite(fw) || !Float.isFinite(fh) || Math.max(fw, fh) < settings.minFaceSize()) {
                continue;
            }
            float[] landmarks = new float[2 * Detection.LANDMARK_COUNT];
            for (int k = 0; k < Detection.LANDMARK_COUNT; k++) {
                landmarks[2 * k] = (kps[10 * idx + 2 * k] + c) * stride * toFrameX;
                landmarks[2 * k + 1] = (kps[10 * idx + 2 * k + 1] + r) * stride * toFrameY;
            }
            Rect box = new Rect((cx - w / 2) * toFrameX, (cy - h / 2) * toFrameY, fw, fh);
            into.add(new Detection(box, score, landmarks));
        }
    }

    private static float clamp01(float v) {
        return Math.min(1f, Math.max(0f, v));
    }
}
