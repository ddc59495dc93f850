package dev.heed.inference.model;

import dev.heed.common.image.BgrImage;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * How a pose model wants its input: a square of {@code inputSize} pixels, planes in {@code channelOrder},
 * each value {@code (pixel * pixelScale - mean[c]) / std[c]} with pixel in 0..255 and c the plane index.
 * Kept apart from the model code so a model exported with other preprocessing only needs another contract.
 *
 * @param inputSize    side of the square input, pixels
 * @param channelOrder order of the three planes
 * @param pixelScale   factor applied to the 0..255 pixel value before the mean is subtracted
 * @param mean         per plane, in channelOrder
 * @param std          per plane, in channelOrder
 */
public record ModelContract(int inputSize, ChannelOrder channelOrder, float pixelScale, List<Float> mean, List<Float> std) {
    /** Hopenet's training preprocessing: RGB, ImageNet mean and standard deviation on 0..1 values, 224 x 224. */
    public static final ModelContract HOPENET = new ModelContract(224, ChannelOrder.RGB, 1f / 255f,
            List.of(0.485f, 0.456f, 0.406f), List.of(0.229f, 0.224f, 0.225f));

    public ModelContract {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("input size must be positive, got " + inputSize);
        }
        if (channelOrder == null) {
            throw new IllegalArgumentException("channel order must be set");
        }
        if (mean == null || mean.size() != 3 || std == null || std.size() != 3) {
            throw new IllegalArgumentException("mean and std need one value per plane (3)");
        }
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std values must be positive, got " + std);
            }
        }
    }

    /** Floats per image in the input tensor. */
    public int valuesPerImage() {
        return 3 * inputSize * inputSize;
    }

    /**
     * Appends one image in this contract's layout (3 planes of inputSize x inputSize) at the buffer's
     * position, resizing it first if its size differs.
     */
    public void write(BgrImage image, FloatBuffer out) {
        BgrImage sized = image.width() == inputSize && image.height() == inputSize ? image : image.resize(inputSize, inputSize);
        byte[] bgr = sized.bgr();
        int plane = inputSize * inputSize;
        float[] values = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            // BgrImage stores B, G, R per pixel: plane c of an RGB model reads byte 2 - c.
            int source = channelOrder == ChannelOrder.RGB ? 2 - c : c;
            float scale = pixelScale / std.get(c);
            float shift = mean.get(c) / std.get(c);
            int base = c * plane;
            for (int i = 0; i < plane; i++) {
                values[base + i] = (bgr[i * 3 + source] & 0xff) * scale - shift;
            }
        }
        out.put(values);
    }
}
