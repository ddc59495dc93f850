package dev.heed.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heed.common.image.BgrImage;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelContractTest {
    @Test
    void hopenetInputIsRgbPlanesWithImageNetNormalisation() {
        // One pixel B=10, G=20, R=200, at the contract's input size so nothing is resized.
        int size = ModelContract.HOPENET.inputSize();
        byte[] bgr = new byte[size * size * 3];
        for (int i = 0; i < size * size; i++) {
            bgr[i * 3] = 10;
            bgr[i * 3 + 1] = 20;
            bgr[i * 3 + 2] = (byte) 200;
        }
        FloatBuffer out = FloatBuffer.allocate(ModelContract.HOPENET.valuesPerImage());
        ModelContract.HOPENET.write(new BgrImage(size, size, bgr), out);
        int plane = size * size;
        assertEquals((200 / 255.0 - 0.485) / 0.229, out.get(0), 1e-5);
        assertEquals((20 / 255.0 - 0.456) / 0.224, out.get(plane + 7), 1e-5);
        assertEquals((10 / 255.0 - 0.406) / 0.225, out.get(2 * plane + plane - 1), 1e-5);
        assertEquals(0, out.remaining());
    }

    @Test
    void bgrContractKeepsThePixelOrderAndOtherSizesAreResized() {
        ModelContract bgrModel = new ModelContract(8, ChannelOrder.BGR, 1f, List.of(127.5f, 127.5f, 127.5f), List.of(128f, 128f, 128f));
        byte[] bgr = new byte[16 * 16 * 3];
        for (int i = 0; i < 16 * 16; i++) {
            bgr[i * 3] = (byte) 255;
        }
        FloatBuffer out = FloatBuffer.allocate(bgrModel.valuesPerImage());
        bgrModel.write(new BgrImage(16, 16, bgr), out);
        assertEquals((255 - 127.5) / 128, out.get(0), 1e-6);
        assertEquals((0 - 127.5) / 128, out.get(64), 1e-6);
        assertEquals(0, out.remaining());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class,
                () -> new ModelContract(0, ChannelOrder.RGB, 1f, List.of(0f, 0f, 0f), List.of(1f, 1f, 1f)));
        assertThrows(IllegalArgumentException.class,
                () -> new ModelContract(224, ChannelOrder.RGB, 1f, List.of(0f, 0f), List.of(1f, 1f, 1f)));
        assertThrows(IllegalArgumentException.class,
                () -> new ModelContract(224, ChannelOrder.RGB, 1f, List.of(0f, 0f, 0f), List.of(1f, 0f, 1f)));
    }
}
