package dev.heed.inference;

import dev.heed.common.image.BgrImage;
import dev.heed.common.image.InvalidImageException;
import dev.heed.inference.model.FaceBox;
import dev.heed.inference.model.FaceImage;
import dev.heed.proto.v1.Box;
import dev.heed.proto.v1.FaceCrop;
import dev.heed.proto.v1.Point;

/**
 * Turns a FaceCrop message into what an estimator takes: the decoded crop, with the detector's face box and
 * landmarks moved from frame pixels into the crop's pixels. The service and {@code heed eval} both go through
 * here, so the evaluation measures exactly what the service computes.
 */
public final class FaceCropDecoder {
    public static final String JPEG = "jpeg";

    private FaceCropDecoder() {
    }

    /** Why a crop cannot be used, with the dead-letter reason code. */
    public static final class RejectedCropException extends Exception {
        private final String reasonCode;

        RejectedCropException(String reasonCode, String message) {
            super(message);
            this.reasonCode = reasonCode;
        }

        public String reasonCode() {
            return reasonCode;
        }
    }

    public static FaceImage decode(FaceCrop crop) throws RejectedCropException {
        if (!crop.getCropEncoding().isEmpty() && !crop.getCropEncoding().equals(JPEG)) {
            throw new RejectedCropException("unsupported_crop_encoding", "crop_encoding '" + crop.getCropEncoding() + "' is not jpeg");
        }
        if (crop.getCrop().isEmpty()) {
            throw new RejectedCropException("empty_crop", "the crop field is empty");
        }
        BgrImage image;
        try {
            image = BgrImage.decode(crop.getCrop().toByteArray());
        } catch (InvalidImageException e) {
            throw new RejectedCropException("bad_image", e.getMessage());
        }
        Box region = crop.getCropBox();
        if (!crop.hasCropBox() || !crop.hasFaceBox() || !(region.getWidth() > 0) || !(region.getHeight() > 0)) {
            // Older or minimal producers: the crop is the face.
            return FaceImage.whole(image);
        }
        double sx = image.width() / (double) region.getWidth();
        double sy = image.height() / (double) region.getHeight();
        Box face = crop.getFaceBox();
        FaceBox box;
        try {
            box = new FaceBox((float) ((face.getX() - region.getX()) * sx), (float) ((face.getY() - region.getY()) * sy),
                    (float) (face.getWidth() * sx), (float) (face.getHeight() * sy));
        } catch (IllegalArgumentException e) {
            throw new RejectedCropException("bad_crop_geometry", "face_box " + face.toString().replace('\n', ' ') + " is not a box: " + e.getMessage());
        }
        float[] landmarks = new float[0];
        if (crop.getLandmarksCount() * 2 == FaceImage.LANDMARK_VALUES) {
            landmarks = new float[FaceImage.LANDMARK_VALUES];
            for (int k = 0; k < crop.getLandmarksCount(); k++) {
                Point p = crop.getLandmarks(k);
                landmarks[2 * k] = (float) ((p.getX() - region.getX()) * sx);
                landmarks[2 * k + 1] = (float) ((p.getY() - region.getY()) * sy);
            }
        }
        return new FaceImage(image, box, landmarks);
    }
}
