package dev.heed.common.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BgrImageTest {
    private static final Path FACES = Path.of(System.getProperty("heed.shared", "../shared"), "data/faces/images");

    @Test
    void cropOutsideTheFrameIsBlackAndInsideKeepsPixels() {
        byte[] px = new byte[4 * 4 * 3];
        java.util.Arrays.fill(px, (byte) 200);
        BgrImage img = new BgrImage(4, 4, px);
        // A 4x4 region shifted 4 px right lies completely outside: all black.
        BgrImage outside = img.cropResize(4, 0, 4, 4, 4, 4);
        for (byte b : outside.bgr()) {
            assertEquals(0, b);
        }
        // An identity crop returns the same pixels.
        assertArrayEquals(px, img.cropResize(0, 0, 4, 4, 4, 4).bgr());
    }

    @Test
    void mirrorTwiceIsIdentity() throws Exception {
        BgrImage img = BgrImage.read(FACES.resolve("aws_IMG_1232.JPG"));
        assertArrayEquals(img.bgr(), img.mirrored().mirrored().bgr());
        assertEquals(img.at(0, 10, 2), img.mirrored().at(img.width() - 1, 10, 2));
    }

    @Test
    void jpegRoundTripKeepsTheImageClose() throws Exception {
        BgrImage img = BgrImage.read(FACES.resolve("aws_IMG_1232.JPG")).resize(224, 224);
        BgrImage back = BgrImage.decode(img.toJpeg(90));
        assertEquals(224, back.width());
        long diff = 0;
        for (int i = 0; i < img.bgr().length; i++) {
            diff += Math.abs((img.bgr()[i] & 0xff) - (back.bgr()[i] & 0xff));
        }
        assertTrue(diff / (double) img.bgr().length < 4.0, "mean abs error " + diff / (double) img.bgr().length);
    }

    @Test
    void corruptBytesAreAClearError() {
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> BgrImage.decode(new byte[] {1, 2, 3, 4}));
        assertTrue(e.getMessage().contains("4 bytes"), e.getMessage());
        byte[] truncated = java.util.Arrays.copyOf(new BgrImage(8, 8, new byte[192]).toJpeg(90), 20);
        assertThrows(InvalidImageException.class, () -> BgrImage.decode(truncated));
    }

    /**
     * cropResize reads pixels directly where all four neighbours lie inside the image: on regions inside, across
     * every edge and wholly outside it must give exactly the bytes of plain bilinear sampling with black outside.
     */
    @Test
    void cropResizeEqualsPlainBilinearSamplingEverywhere() {
        java.util.Random random = new java.util.Random(3);
        byte[] pixels = new byte[97 * 61 * 3];
        random.nextBytes(pixels);
        BgrImage image = new BgrImage(97, 61, pixels);
        double[][] regions = {{10, 5, 40, 30}, {-20, -15, 60, 50}, {70, 40, 50, 40}, {-5, 20, 120, 10}, {200, 200, 30, 30},
                {3.3, 7.7, 11.1, 13.9}, {0, 0, 97, 61}};
        for (double[] r : regions) {
            for (int[] size : new int[][] {{32, 32}, {224, 224}, {17, 41}}) {
                BgrImage got = image.cropResize(r[0], r[1], r[2], r[3], size[0], size[1]);
                assertArrayEquals(plainBilinear(image, r, size[0], size[1]), got.bgr(), java.util.Arrays.toString(r) + " to " + size[0] + "x" + size[1]);
            }
        }
    }

    private static byte[] plainBilinear(BgrImage image, double[] r, int outW, int outH) {
        byte[] out = new byte[outW * outH * 3];
        for (int oy = 0; oy < outH; oy++) {
            double fy = r[1] + (oy + 0.5) * (r[3] / outH) - 0.5;
            int y0 = (int) Math.floor(fy);
            double wy = fy - y0;
            for (int ox = 0; ox < outW; ox++) {
                double fx = r[0] + (ox + 0.5) * (r[2] / outW) - 0.5;
                int x0 = (int) Math.floor(fx);
                double wx = fx - x0;
                for (int c = 0; c < 3; c++) {
                    double v = (1 - wy) * ((1 - wx) * value(image, x0, y0, c) + wx * value(image, x0 + 1, y0, c))
                            + wy * ((1 - wx) * value(image, x0, y0 + 1, c) + wx * value(image, x0 + 1, y0 + 1, c));
                    out[(oy * outW + ox) * 3 + c] = (byte) Math.min(255, Math.max(0, Math.round(v)));
                }
            }
        }
        return out;
    }

    private static double value(BgrImage image, int x, int y, int c) {
        return x < 0 || y < 0 || x >= image.width() || y >= image.height() ? 0 : image.at(x, y, c);
    }
}
