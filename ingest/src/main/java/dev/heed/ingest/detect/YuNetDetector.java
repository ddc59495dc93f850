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
 * The YuNet face detector (OpenCV Zoo 2023mar, or the same family with a dynamic input) on ONNX Runtime,
 * decoded as OpenCV's FaceDetectorYN decodes it: anchor-free, one prior per cell of strides 8, 16 and 32;
 * score = sqrt(cls * obj); box centre = (cell + offset) * stride, size = exp(log-size) * stride; landmarks
 * = (cell + offset) * stride. Input BGR 0..255, letterboxed into a square of the configured size.
 */
public final class YuNetDetector implements FaceDetector {
    private static final int[] STRIDES = {8, 16, 32};
    private static final String INPUT = "input";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final DetectorSettings settings;
    private final String name;
    private final SquareInput input;

    /**
     * Loads the model.
     *
     * @throws DetectorException if the file is missing, not an ONNX model, not shaped like YuNet, or has a
     *                           fixed input of another size than the settings ask for
     */
    public YuNetDetector(Path model, DetectorSettings settings) throws DetectorException {
        this.settings = settings;
        this.env = OrtSessions.environment();
        this.session = DetectorModels.open(model, "YuNet", settings.intraOpThreads());
        try {
            this.input = new SquareInput(checkContract(model), PixelNormalization.BGR_RAW);
        } catch (DetectorException e) {
            close();
            throw e;
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

    private int checkContract(Path model) throws DetectorException {
        try {
            NodeInfo in = session.getInputInfo().get(INPUT);
            if (in == null || !(in.getInfo() instanceof TensorInfo ti)) {
                throw new DetectorException(model + " is not a YuNet model: no input named '" + INPUT + "' (inputs: "
                        + session.getInputNames() + ")", null);
            }
            for (int s : STRIDES) {
                OutputTensors.require(session.getOutputNames(), model.toString(), "a YuNet", "cls_" + s, "obj_" + s, "bbox_" + s, "kps_" + s);
            }
            return SquareInput.chooseSide(model, ti.getShape(), settings.inputSize());
        } catch (OrtException e) {
            throw new DetectorException("cannot inspect model " + model + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Detection> detect(BgrImage frame) throws DetectorException {
        try (OnnxTensor tensor = input.load(env, frame);
             OrtSession.Result result = session.run(Map.of(INPUT, tensor))) {
            OutputTensors out = new OutputTensors(result, name);
            List<Detection> candidates = new ArrayList<>();
            for (int stride : STRIDES) {
                decode(out, stride, candidates);
            }
            return NonMaxSuppression.apply(candidates, settings.nmsIouThreshold(), settings.topK());
        } catch (OrtException e) {
            throw new DetectorException("YuNet inference failed: " + e.getMessage(), e);
        }
    }

    private void decode(OutputTensors out, int stride, List<Detection> into) throws DetectorException, OrtException {
        int cols = input.side() / stride;
        int cells = cols * cols;
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

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // Nothing left to release on failure; the native session is gone with the process.
        }
    }
}
