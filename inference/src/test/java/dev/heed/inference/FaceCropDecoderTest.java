package dev.heed.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.heed.common.image.BgrImage;
import dev.heed.inference.model.FaceBox;
import dev.heed.inference.model.FaceImage;
import dev.heed.proto.v1.Box;
import dev.heed.proto.v1.FaceCrop;
import dev.heed.proto.v1.Point;
import org.junit.jupiter.api.Test;

class FaceCropDecoderTest {
    private static final byte[] JPEG = new BgrImage(112, 112, new byte[112 * 112 * 3]).toJpeg(90);

    @Test
    void faceBoxAndLandmarksMoveFromFramePixelsIntoTheCrop() throws Exception {
        // A 200 px square cut at (100, 50) and sent at 112 px: frame pixels scale by 112/200 = 0.56.
        FaceCrop.Builder crop = FaceCrop.newBuilder()
                .setCrop(ByteString.copyFrom(JPEG)).setCropEncoding("jpeg")
                .setCropBox(Box.newBuilder().setX(100).setY(50).setWidth(200).setHeight(200))
                .setFaceBox(Box.newBuilder().setX(150).setY(80).setWidth(100).setHeight(140));
        for (int k = 0; k < 5; k++) {
            crop.addLandmarks(Point.newBuilder().setX(100 + 20 * k).setY(250));
        }
        FaceImage face = FaceCropDecoder.decode(crop.build());
        assertEquals(112, face.image().width());
        assertEquals(new FaceBox(50 * 0.56f, 30 * 0.56f, 100 * 0.56f, 140 * 0.56f), face.box());
        assertArrayEquals(new float[] {0, 112, 11.2f, 112, 22.4f, 112, 33.6f, 112, 44.8f, 112}, face.landmarks(), 1e-4f);
    }

    @Test
    void aCropWithoutGeometryIsTheFaceItself() throws Exception {
        FaceImage face = FaceCropDecoder.decode(FaceCrop.newBuilder().setCrop(ByteString.copyFrom(JPEG)).build());
        assertEquals(new FaceBox(0, 0, 112, 112), face.box());
        assertEquals(0, face.landmarks().length);
    }

    @Test
    void unusableCropsAreRejectedWithTheirReasonCode() {
        assertEquals("unsupported_crop_encoding", reason(FaceCrop.newBuilder().setCrop(ByteString.copyFrom(JPEG)).setCropEncoding("png")));
        assertEquals("empty_crop", reason(FaceCrop.newBuilder().setCropEncoding("jpeg")));
        assertEquals("bad_image", reason(FaceCrop.newBuilder().setCrop(ByteString.copyFromUtf8("no image"))));
        assertEquals("bad_crop_geometry", reason(FaceCrop.newBuilder().setCrop(ByteString.copyFrom(JPEG))
                .setCropBox(Box.newBuilder().setWidth(100).setHeight(100)).setFaceBox(Box.newBuilder().setWidth(0).setHeight(10))));
    }

    private static String reason(FaceCrop.Builder crop) {
        return assertThrows(FaceCropDecoder.RejectedCropException.class, () -> FaceCropDecoder.decode(crop.build())).reasonCode();
    }
}
