package dev.heed.ingest.detect;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import dev.heed.common.onnx.OrtSessions;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.heed.common.image.BgrImage;
import dev.heed.ingest.geometry.Rect;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The YuNet face detector (OpenCV Zoo, 2023mar) run with ONNX Runtime: a fixed square BGR input, anchor-free
 * outputs per stride, decoded as OpenCV's FaceDetectorYN decodes them.
 */
public final class YuNetDetector implements FaceDetector {
    private static final int[] STRIDES = {8, 16, 32};

    private final OrtEnvironment env;
    private final OrtSession session;
    private final DetectorSettings settings;
    private final String name;
    private final int side;
    private final float[] pixels;
    private final FloatBuffer input;
    private final long[] inputShape;
    private Letterbox letterbox;

    /**
     * Loads the model.
     *
     * @throws DetectorException if the file is missing, not an ONNX model, or not shaped like YuNet 2023mar
     */
    public YuNetDetector(Path model, DetectorSettings settings) throws DetectorException {
        if (!Files.isRegularFile(model)) {
            throw new DetectorException("YuNet model file not found: " + model.toAbsolutePath(), null);
        }
        this.settings = settings;
        this.env = OrtSessions.environment();
        try {
            this.session = OrtSessions.create(model, settings.intraOpThreads());
        } catch (OrtException e) {
            throw new DetectorException("cannot load YuNet model " + model + ": " + e.getMessage(), e);
        }
        try {
            this.side = checkContract(model);
        } catch (DetectorException e) {
            close();
            throw e;
        }
        String file = model.getFileName().toString();
        this.name = file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
        this.pixels = new float[3 * side * side];
        this.input = ByteBuffer.allocateDirect(4 * pixels.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
        this.inputShape = new long[] {1, 3, side, side};
    }

    /** The input side in pixels (640 for the 2023mar model). */
    public int inputSize() {
        return side;
    }

    @Override
    public String name() {
        return name;
    }

    private int checkContract(Path model) throws DetectorException {
        try {
            NodeInfo in = session.getInputInfo().get("input");
            if (in == null || !(in.getInfo() instanceof TensorInfo ti) || ti.getShape().length != 4) {
                throw notYuNet(model, "no 4-d input named 'input' (inputs: " + session.getInputNames() + ")");
            }
            long[] shape = ti.getShape();
            if (shape[1] != 3 || shape[2] <= 0 || shape[2] != shape[3] || shape[2] % 32 != 0) {
                throw notYuNet(model, "input must be a fixed [1,3,S,S] with S a multiple of 32, got " + java.util.Arrays.toString(shape));
            }
            for (int s : STRIDES) {
                for (String prefix : List.of("cls_", "obj_", "bbox_", "kps_")) {
                    if (!session.getOutputNames().contains(prefix + s)) {
                        throw notYuNet(model, "missing output " + prefix + s + " (outputs: " + session.getOutputNames() + ")");
                    }
                }
            }
            return (int) shape[2];
        } catch (OrtException e) {
            throw new DetectorException("cannot inspect model " + model + ": " + e.getMessage(), e);
        }
    }

    private static DetectorException notYuNet(Path model, String why) {
        return new DetectorException(model + " is not a YuNet 2023mar model: " + why, null);
    }

    @Override
    public List<Detection> detect(BgrImage frame) throws DetectorException {
        if (letterbox == null || !letterbox.fits(frame)) {
            letterbox = new Letterbox(frame.width(), frame.height(), side);
        }
        letterbox.fill(frame, pixels);
        input.clear();
        input.put(pixels);
        input.flip();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, inputShape);
             OrtSession.Result out = session.run(Map.of("input", tensor))) {
            List<Detection> candidates = new ArrayList<>();
            for (int stride : STRIDES) {
                decode(out, stride, letterbox.toFrameX(), letterbox.toFrameY(), candidates);
            }
            return NonMaxSuppression.apply(candidates, settings.nmsIouThreshold(), settings.topK());
        } catch (OrtException e) {
            throw new DetectorException("YuNet inference failed: " + e.getMessage(), e);
        }
    }

    private void decode(OrtSession.Result out, int stride, float toFrameX, float toFrameY, List<Detection> into) throws OrtException {
        float[] cls = floats(out, "cls_" + stride);
        float[] obj = floats(out, "obj_" + stride);
        float[] bbox = floats(out, "bbox_" + stride);
        float[] kps = floats(out, "kps_" + stride);
        int cols = side / stride;
        int cells = cols * (side / stride);
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
            if (Math.max(fw, fh) < settings.minFaceSize() || !Float.isFinite(fw) || !Float.isFinite(fh)) {
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

    private static float[] floats(OrtSession.Result out, String name) throws OrtException {
        OnnxValue v = out.get(name).orElseThrow(() -> new IllegalStateException("YuNet output " + name + " missing"));
        FloatBuffer fb = ((OnnxTensor) v).getFloatBuffer();
        float[] a = new float[fb.remaining()];
        fb.get(a);
        return a;
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
