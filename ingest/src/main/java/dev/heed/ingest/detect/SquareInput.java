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
 * The square [1, 3, S, S] input of a detector network, reused frame after frame: letterboxes each frame into
 * one direct buffer and remembers how to map network pixels back to frame pixels.
 */
final class SquareInput {
    private final int side;
    private final PixelNormalization norm;
    private final float[] pixels;
    private final FloatBuffer buffer;
    private final long[] shape;
    private Letterbox letterbox;

    SquareInput(int side, PixelNormalization norm) {
        this.side = side;
        this.norm = norm;
        this.pixels = new float[3 * side * side];
        this.buffer = ByteBuffer.allocateDirect(4 * pixels.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
        this.shape = new long[] {1, 3, side, side};
    }

    /**
     * The side to run a model at: a model with a fixed square input runs at its own size (the configured size
     * must match it); a model with dynamic height and width runs at the configured size.
     *
     * @param modelShape the input's shape as the model declares it, -1 for dynamic dimensions
     * @param configured the configured side, a multiple of 32
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
        if (h != configured) {
            throw new DetectorException(model + " has a fixed " + h + "x" + h + " input, so the detector input size must be " + h
                    + " (got " + configured + "); other sizes need a model with a dynamic input", null);
        }
        return (int) h;
    }

    int side() {
        return side;
    }

    /** Letterboxes the frame and wraps the buffer as a tensor; the caller closes the tensor. */
    OnnxTensor load(OrtEnvironment env, BgrImage frame) throws OrtException {
        if (letterbox == null || !letterbox.fits(frame)) {
            letterbox = new Letterbox(frame.width(), frame.height(), side);
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
