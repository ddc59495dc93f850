package dev.heed.ingest.detect;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.heed.common.image.BgrImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The [1, 3, H, W] input of a detector network, reused frame after frame: letterboxes each frame into one direct
 * buffer and remembers how to map network pixels back to frame pixels. Either a square of a fixed side, or
 * ({@link DetectorSettings#AUTO_INPUT_SIZE}, models with a dynamic input only) sized to the frame: the frame's own
 * resolution, its longer side brought into [{@value #AUTO_MIN_SIDE}, {@value #AUTO_MAX_SIDE}], each side rounded up to
 * a multiple of 32, so a 1080p frame is seen whole at 1920x1088 rather than shrunk into 640x640 (where a 55 px face
 * becomes 18 px).
 */
final class NetworkInput {
    /** Smaller frames are enlarged to this longer side, as the 640 square always did (the accuracy figures' setting). */
    static final int AUTO_MIN_SIDE = 640;
    /** Larger frames are shrunk to this longer side: beyond 1080p the cost grows faster than what is found. */
    static final int AUTO_MAX_SIDE = 1920;
    private static final int ALIGN = 32;

    private final int fixedSide;
    private final PixelNormalization norm;
    private int width;
    private int height;
    private float[] pixels;
    private FloatBuffer buffer;
    private long[] shape;
    private Letterbox letterbox;

    /** @param fixedSide the square's side, or {@link DetectorSettings#AUTO_INPUT_SIZE} to size the input to each frame */
    NetworkInput(int fixedSide, PixelNormalization norm) {
        this.fixedSide = fixedSide;
        this.norm = norm;
        if (fixedSide > 0) {
            allocate(fixedSide, fixedSide);
        }
    }

    /**
     * The side to run a model at: a model with a fixed square input runs at its own size (a configured size must
     * match it; auto takes it); a model with dynamic height and width runs at the configured size, or auto.
     *
     * @param modelShape the input's shape as the model declares it, -1 for dynamic dimensions
     * @param configured the configured side, a multiple of 32, or {@link DetectorSettings#AUTO_INPUT_SIZE}
     * @return the square's side, or {@link DetectorSettings#AUTO_INPUT_SIZE}
     */
    static int chooseSide(Path model, long[] modelShape, int configured) throws DetectorException {
        if (modelShape.length != 4 || modelShape[1] != 3) {
            throw new DetectorException(model + ": input must be [N,3,H,W], got " + Arrays.toString(modelShape), null);
        }
        long h = modelShape[2];
        long w = modelShape[3];
        if (h < 0 && w < 0) {
            return configured;
        }
        if (h != w || h % 32 != 0 || h <= 0) {
            throw new DetectorException(model + ": input must be square with a side that is a multiple of 32, or dynamic; got "
                    + Arrays.toString(modelShape), null);
        }
        if (configured != DetectorSettings.AUTO_INPUT_SIZE && h != configured) {
            throw new DetectorException(model + " has a fixed " + h + "x" + h + " input, so the detector input size must be " + h
                    + " (got " + configured + "); other sizes need a model with a dynamic input", null);
        }
        return (int) h;
    }

    /** The auto input size for a frame: {width, height}, each a multiple of 32. */
    static int[] autoSize(int frameWidth, int frameHeight) {
        int longer = Math.max(frameWidth, frameHeight);
        double scale = Math.min(AUTO_MAX_SIDE, Math.max(AUTO_MIN_SIDE, longer)) / (double) longer;
        return new int[] {alignUp(frameWidth * scale), alignUp(frameHeight * scale)};
    }

    private static int alignUp(double pixels) {
        return Math.max(ALIGN, (int) Math.ceil(pixels / ALIGN - 1e-9) * ALIGN);
    }

    private void allocate(int w, int h) {
        width = w;
        height = h;
        pixels = new float[3 * w * h];
        buffer = ByteBuffer.allocateDirect(4 * pixels.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
        shape = new long[] {1, 3, h, w};
    }

    /** The square's side, or {@link DetectorSettings#AUTO_INPUT_SIZE} when the input follows the frame. */
    int side() {
        return fixedSide;
    }

    /** Width of the network input of the frame last loaded, pixels. */
    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Letterboxes the frame and wraps the buffer as a tensor; the caller closes the tensor. */
    OnnxTensor load(OrtEnvironment env, BgrImage frame) throws OrtException {
        if (letterbox == null || !letterbox.fits(frame)) {
            if (fixedSide == DetectorSettings.AUTO_INPUT_SIZE) {
                int[] size = autoSize(frame.width(), frame.height());
                if (pixels == null || size[0] != width || size[1] != height) {
                    allocate(size[0], size[1]);
                }
            }
            letterbox = new Letterbox(frame.width(), frame.height(), width, height);
        }
        letterbox.fill(frame, norm, pixels);
        buffer.clear();
        buffer.put(pixels);
        buffer.flip();
        return OnnxTensor.createTensor(env, buffer, shape);
    }

    /** Frame pixels per network pixel along x, for the frame last loaded. */
    float toFrameX() {
        return letterbox.toFrameX();
    }

    float toFrameY() {
        return letterbox.toFrameY();
    }
}
