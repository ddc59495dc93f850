package dev.heed.common.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * An 8-bit, 3-channel image in BGR order, rows packed without padding: the pixel format FFmpeg decodes to
 * and the detectors read. Immutable by convention: operations return new images.
 *
 * @param width  pixels
 * @param height pixels
 * @param bgr    width * height * 3 bytes, row-major, B G R per pixel
 */
public record BgrImage(int width, int height, byte[] bgr) {
    public BgrImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (bgr.length != width * height * 3) {
            throw new IllegalArgumentException("expected " + (width * height * 3) + " bytes for " + width + "x" + height + ", got " + bgr.length);
        }
    }

    /** Value of channel c (0 = B, 1 = G, 2 = R) at (x, y), 0..255. */
    public int at(int x, int y, int c) {
        return bgr[(y * width + x) * 3 + c] & 0xff;
    }

    /**
     * The region [x, x + w) x [y, y + h) of this image resized to outW x outH with bilinear interpolation;
     * parts of the region outside the image are black. Sampling uses pixel centres, as OpenCV's resize does.
     */
    public BgrImage cropResize(double x, double y, double w, double h, int outW, int outH) {
        byte[] out = new byte[outW * outH * 3];
        double sx = w / outW;
        double sy = h / outH;
        // Columns repeat on every row: their source pixel and weight are worked out once.
        int[] columnX0 = new int[outW];
        double[] columnWx = new double[outW];
        for (int ox = 0; ox < outW; ox++) {
            double fx = x + (ox + 0.5) * sx - 0.5;
            columnX0[ox] = (int) Math.floor(fx);
            columnWx[ox] = fx - columnX0[ox];
        }
        int stride = width * 3;
        for (int oy = 0; oy < outH; oy++) {
            double fy = y + (oy + 0.5) * sy - 0.5;
            int y0 = (int) Math.floor(fy);
            double wy = fy - y0;
            boolean rowsInside = y0 >= 0 && y0 + 1 < height;
            for (int ox = 0; ox < outW; ox++) {
                int x0 = columnX0[ox];
                double wx = columnWx[ox];
                int o = (oy * outW + ox) * 3;
                if (rowsInside && x0 >= 0 && x0 + 1 < width) {
                    // All four neighbours inside: read them directly (the same sums as sample(), so the same bytes).
                    int p00 = y0 * stride + x0 * 3;
                    int p10 = p00 + stride;
                    for (int c = 0; c < 3; c++) {
                        double v = (1 - wy) * ((1 - wx) * (bgr[p00 + c] & 0xff) + wx * (bgr[p00 + 3 + c] & 0xff))
                                + wy * ((1 - wx) * (bgr[p10 + c] & 0xff) + wx * (bgr[p10 + 3 + c] & 0xff));
                        out[o + c] = (byte) Math.min(255, Math.max(0, Math.round(v)));
                    }
                } else {
                    for (int c = 0; c < 3; c++) {
                        double v = (1 - wy) * ((1 - wx) * sample(x0, y0, c) + wx * sample(x0 + 1, y0, c))
                                + wy * ((1 - wx) * sample(x0, y0 + 1, c) + wx * sample(x0 + 1, y0 + 1, c));
                        out[o + c] = (byte) Math.min(255, Math.max(0, Math.round(v)));
                    }
                }
            }
        }
        return new BgrImage(outW, outH, out);
    }

    /** The whole image resized to outW x outH (bilinear). */
    public BgrImage resize(int outW, int outH) {
        return cropResize(0, 0, width, height, outW, outH);
    }

    /**
     * The whole image made smaller, area-like: halved (bilinear at exactly half, i.e. 2x2 averages) while still at
     * least twice the target, then bilinear to outW x outH. A plain bilinear resize by more than 2x skips pixels and
     * aliases, which a camera's sensor does not.
     */
    public BgrImage shrink(int outW, int outH) {
        BgrImage small = this;
        while (small.width / 2 >= outW && small.height / 2 >= outH && small.width > 1 && small.height > 1) {
            small = small.resize(Math.max(1, small.width / 2), Math.max(1, small.height / 2));
        }
        return small.resize(outW, outH);
    }

    /** Mirrored left to right. */
    public BgrImage mirrored() {
        byte[] out = new byte[bgr.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                System.arraycopy(bgr, (y * width + x) * 3, out, (y * width + (width - 1 - x)) * 3, 3);
            }
        }
        return new BgrImage(width, height, out);
    }

    /**
     * Copies this image into {@code canvas} (changing the canvas's pixels) with its top-left corner at (x0, y0),
     * clipped to the canvas: for composing test scenes and benchmark clips from photos.
     */
    public void copyInto(BgrImage canvas, int x0, int y0) {
        for (int y = 0; y < height; y++) {
            int ty = y0 + y;
            if (ty < 0 || ty >= canvas.height) {
                continue;
            }
            int tx = Math.max(0, x0);
            int sx = tx - x0;
            int len = Math.min(width - sx, canvas.width - tx);
            if (len > 0) {
                System.arraycopy(bgr, (y * width + sx) * 3, canvas.bgr, (ty * canvas.width + tx) * 3, len * 3);
            }
        }
    }

    private double sample(int x, int y, int c) {
        // Outside the image is black, so a crop past the frame edge is padded, never stretched.
        if (x < 0 || y < 0 || x >= width || y >= height) {
            return 0;
        }
        return bgr[(y * width + x) * 3 + c] & 0xff;
    }

    /** Encodes as baseline JPEG at the given quality (1-100). */
    public byte[] toJpeg(int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1-100, got " + quality);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(width * height / 4 + 1024);
             ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(toBufferedImage(), null, null), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** A TYPE_3BYTE_BGR image sharing this image's pixel array. */
    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(bgr, 0, target, 0, bgr.length);
        return img;
    }

    public static BgrImage fromBufferedImage(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR && img.getRaster().getDataBuffer() instanceof DataBufferByte db
                && db.getData().length == img.getWidth() * img.getHeight() * 3) {
            return new BgrImage(img.getWidth(), img.getHeight(), db.getData().clone());
        }
        BufferedImage converted = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        converted.getGraphics().drawImage(img, 0, 0, null);
        return new BgrImage(img.getWidth(), img.getHeight(), ((DataBufferByte) converted.getRaster().getDataBuffer()).getData());
    }

    /**
     * Decodes an encoded image (JPEG, PNG).
     *
     * @throws InvalidImageException if the bytes are not a decodable image; the message never contains pixel data
     */
    public static BgrImage decode(byte[] encoded) throws InvalidImageException {
        if (encoded == null || encoded.length == 0) {
            throw new InvalidImageException("empty image");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidImageException("not a known image format (" + encoded.length + " bytes)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                BufferedImage img = reader.read(0);
                return fromBufferedImage(img);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidImageException("undecodable image (" + encoded.length + " bytes): " + e.getMessage());
        }
    }

    /** Reads an image file (JPEG, PNG). */
    public static BgrImage read(Path file) throws IOException {
        try {
            return decode(Files.readAllBytes(file));
        } catch (InvalidImageException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
