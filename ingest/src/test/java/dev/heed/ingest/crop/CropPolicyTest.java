package dev.heed.ingest.crop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.SharedData;
import dev.heed.ingest.geometry.Rect;
import org.junit.jupiter.api.Test;

class CropPolicyTest {
    @Test
    void namesTheMarginWithTwoDecimals() {
        assertEquals("square-margin-0.00", CropPolicy.DEFAULT.name());
        assertEquals("square-margin-0.25", new CropPolicy(0.25, 224).name());
        assertEquals(224, CropPolicy.DEFAULT.size());
    }

    @Test
    void theBoxIsASquareOnTheFaceCentreWithTheLongerSidePlusMargins() {
        Rect face = new Rect(100, 50, 80, 120);
        Rect tight = CropPolicy.DEFAULT.cropBox(face);
        assertEquals(new Rect(80, 50, 120, 120), tight);

        Rect wide = new CropPolicy(0.25, 224).cropBox(face);
        assertEquals(180, wide.width(), 1e-4);
        assertEquals(180, wide.height(), 1e-4);
        assertEquals(face.centreX(), wide.centreX(), 1e-4);
        assertEquals(face.centreY(), wide.centreY(), 1e-4);
    }

    @Test
    void aCropInsideTheFrameIsTheFramesPixelsResized() throws Exception {
        BgrImage frame = BgrImage.read(SharedData.faceImage("aws_IMG_1232.JPG"));
        // A 224-pixel square face box: the crop is the same region at the same scale, pixel for pixel.
        Rect face = new Rect(200, 100, 224, 224);
        CropPolicy.Crop crop = CropPolicy.DEFAULT.apply(frame, face);

        assertEquals(face, crop.box());
        assertEquals(224, crop.image().width());
        assertEquals(224, crop.image().height());
        for (int y = 0; y < 224; y += 37) {
            for (int x = 0; x < 224; x += 41) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(frame.at(200 + x, 100 + y, c), crop.image().at(x, y, c), "pixel " + x + "," + y + " channel " + c);
                }
            }
        }
    }

    @Test
    void thePartOutsideTheFrameIsBlackAndTheRestIsImage() throws Exception {
        BgrImage frame = BgrImage.read(SharedData.faceImage("aws_IMG_1232.JPG"));
        // Face box hanging 50 px off the left edge; crop side 200 -> 224, so the left quarter is outside.
        CropPolicy.Crop crop = new CropPolicy(0.0, 224).apply(frame, new Rect(-50, 200, 200, 200));

        BgrImage img = crop.image();
        for (int y = 0; y < 224; y += 20) {
            for (int x = 0; x < 50; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(0, img.at(x, y, c), "outside pixel " + x + "," + y);
                }
            }
        }
        long inside = 0;
        for (int y = 0; y < 224; y++) {
            for (int x = 70; x < 224; x++) {
                inside += img.at(x, y, 0) + img.at(x, y, 1) + img.at(x, y, 2);
            }
        }
        assertTrue(inside / (224.0 * 154 * 3) > 20, "the in-frame part must carry the image");
    }

    @Test
    void rejectsMarginsAndSizesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new CropPolicy(-0.1, 224));
        assertThrows(IllegalArgumentException.class, () -> new CropPolicy(1.5, 224));
        assertThrows(IllegalArgumentException.class, () -> new CropPolicy(0, 8));
    }
}
