package dev.heed.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heed.common.image.BgrImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageRotationTest {
    private static BgrImage withDot(int w, int h, int x, int y) {
        byte[] bgr = new byte[w * h * 3];
        bgr[(y * w + x) * 3 + 2] = (byte) 255;
        return new BgrImage(w, h, bgr);
    }

    @Test
    void clockwiseOnScreenCarriesRightOfTheCentreToBelowIt() {
        // A dot 10 px right of (20, 20) in a y-down image lands 10 px below it after a quarter turn clockwise.
        BgrImage rotated = ImageRotation.clockwise(withDot(41, 41, 30, 20), 20, 20, 90);
        assertEquals(255, rotated.at(20, 30, 2));
        assertEquals(0, rotated.at(30, 20, 2));
        BgrImage back = ImageRotation.clockwise(rotated, 20, 20, -90);
        assertEquals(255, back.at(30, 20, 2));
    }

    @Test
    void noRotationKeepsThePixelsAndCornersTurnBlack() {
        BgrImage image = withDot(9, 7, 2, 3);
        assertArrayEquals(image.bgr(), ImageRotation.clockwise(image, 4, 3, 0).bgr());
        byte[] white = new byte[20 * 20 * 3];
        Arrays.fill(white, (byte) 255);
        BgrImage turned = ImageRotation.clockwise(new BgrImage(20, 20, white), 10, 10, 45);
        assertEquals(0, turned.at(0, 0, 0), "a corner of a square turned by 45 degrees comes from outside it");
        assertEquals(255, turned.at(10, 10, 0));
    }
}
