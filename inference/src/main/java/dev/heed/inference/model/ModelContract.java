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

    /**
     * The preprocessing 3DDFA_V2 and FSA-Net were trained with: BGR, 0..255 values centred on 127.5 and divided by
     * 128, at the model's own input size.
     */
    public static ModelContract bgrCentred(int inputSize) {
        return new ModelContract(inputSize, ChannelOrder.BGR, 1f, List.of(127.5f, 127.5f, 127.5f), List.of(128f, 128f, 128f));
    }

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
        float[] values = new float[valuesPerImage()];
        write(image, values, 0);
        out.put(values);
    }

    /**
     * Writes one image in this contract's layout into {@code out} from {@code offset}, resizing it first if its
     * size differs.
     */
    public void write(BgrImage image, float[] out, int offset) {
        BgrImage sized = image.width() == inputSize && image.height() == inputSize ? image : image.resize(inputSize, inputSize);
        byte[] bgr = sized.bgr();
        int plane = inputSize * inputSize;
        // One table per plane maps a byte straight to its normalised value: no arithmetic per pixel.
        float[][] table = new float[3][256];
        int[] source = new int[3];
        for (int c = 0; c < 3; c++) {
            // BgrImage stores B, G, R per pixel: plane c of an RGB model reads byte 2 - c.
            source[c] = channelOrder == ChannelOrder.RGB ? 2 - c : c;
            float scale = pixelScale / std.get(c);
            float shift = mean.get(c) / std.get(c);
            for (int v = 0; v < 256; v++) {
                table[c][v] = v * scale - shift;
            }
        }
        float[] t0 = table[0];
        float[] t1 = table[1];
        float[] t2 = table[2];
        int s0 = source[0];
        int s1 = source[1];
        int s2 = source[2];
        int p1 = offset + plane;
        int p2 = offset + 2 * plane;
        for (int y = 0; y < inputSize; y++) {
            int row = y * inputSize;
            for (int x = 0; x < inputSize; x++) {
                int src = (row + x) * 3;
                int dst = row + x;
                out[offset + dst] = t0[bgr[src + s0] & 0xff];
                out[p1 + dst] = t1[bgr[src + s1] & 0xff];
                out[p2 + dst] = t2[bgr[src + s2] & 0xff];
            }
        }
    }

    @Override
    public String toString() {
        return inputSize + "x" + inputSize + " " + channelOrder + " (x*" + pixelScale + " - " + mean + ")/" + std;
    }
}
