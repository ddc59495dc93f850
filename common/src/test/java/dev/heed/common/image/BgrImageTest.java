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
}
