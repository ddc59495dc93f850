package dev.heed.evaluation;

import com.google.protobuf.ByteString;
import dev.heed.common.image.BgrImage;
import dev.heed.inference.FaceCropDecoder;
import dev.heed.inference.model.FaceImage;
import dev.heed.inference.model.PoseEstimationException;
import dev.heed.inference.model.PoseEstimator;
import dev.heed.inference.model.PoseResult;
import dev.heed.ingest.crop.CropPolicy;
import dev.heed.ingest.detect.Detection;
import dev.heed.ingest.detect.DetectorException;
import dev.heed.ingest.detect.FaceDetector;
import dev.heed.ingest.geometry.Rect;
import dev.heed.proto.v1.Box;
import dev.heed.proto.v1.FaceCrop;
import dev.heed.proto.v1.Point;
import java.util.List;
import java.util.Optional;

/**
 * The services' pipeline on one raw image, in one process: ingest's face detector, one face picked by a
 * {@link FaceChoice}, ingest's {@link CropPolicy}, the crop JPEG-encoded as ingest publishes it, the inference
 * worker's decoding of that crop ({@link FaceCropDecoder}), then the pose estimator. Crops stay in memory.
 * Owns the detector and the estimator.
 */
public final class PosePipeline implements AutoCloseable {
    private final FaceDetector detector;
    private final FaceChoice choice;
    private final CropPolicy cropPolicy;
    private final int jpegQuality;
    private final PoseEstimator estimator;

    /**
     * What the estimator made of the chosen face.
     *
     * @param face   the chosen detection, frame pixels
     * @param result its pose, or why the estimator could not estimate it
     */
    public record Estimate(Detection face, PoseResult result) {
    }

    public PosePipeline(FaceDetector detector, FaceChoice choice, CropPolicy cropPolicy, int jpegQuality, PoseEstimator estimator) {
        this.detector = detector;
        this.choice = choice;
        this.cropPolicy = cropPolicy;
        this.jpegQuality = jpegQuality;
        this.estimator = estimator;
    }

    public PoseEstimator estimator() {
        return estimator;
    }

    public CropPolicy cropPolicy() {
        return cropPolicy;
    }

    /** The estimate of the chosen face, or empty when the detector finds no face. */
    public Optional<Estimate> estimate(BgrImage image) throws DetectorException, PoseEstimationException {
        Optional<Detection> face = detect(image);
        if (face.isEmpty()) {
            return Optional.empty();
        }
        PoseResult result = estimator.estimate(List.of(crop(image, face.get()))).get(0);
        return Optional.of(new Estimate(face.get(), result));
    }

    /** The chosen face, or empty when there is none. */
    public Optional<Detection> detect(BgrImage image) throws DetectorException {
        return choice.choose(detector.detect(image), image.width(), image.height());
    }

    /** The face as the inference worker receives it from ingest: cropped, JPEG round trip, decoded. */
    public FaceImage crop(BgrImage image, Detection face) {
        CropPolicy.Crop crop = cropPolicy.apply(image, face.box());
        FaceCrop.Builder message = FaceCrop.newBuilder()
                .setFaceBox(box(face.box()))
                .setDetectorScore(face.score())
                .setCrop(ByteString.copyFrom(crop.image().toJpeg(jpegQuality)))
                .setCropEncoding(FaceCropDecoder.JPEG)
                .setCropBox(box(crop.box()))
                .setCropPolicy(cropPolicy.name())
                .setCropSize(cropPolicy.size())
                .setFrameWidth(image.width())
                .setFrameHeight(image.height());
        for (int k = 0; k < Detection.LANDMARK_COUNT; k++) {
            message.addLandmarks(Point.newBuilder().setX(face.landmarkX(k)).setY(face.landmarkY(k)));
        }
        try {
            return FaceCropDecoder.decode(message.build());
        } catch (FaceCropDecoder.RejectedCropException e) {
            // The crop was made just above from a real detection: a rejection here is a bug, not bad input.
            throw new IllegalStateException("the pipeline's own crop was rejected: " + e.reasonCode() + ": " + e.getMessage(), e);
        }
    }

    private static Box box(Rect r) {
        return Box.newBuilder().setX(r.x()).setY(r.y()).setWidth(r.width()).setHeight(r.height()).build();
    }

    @Override
    public void close() {
        try {
            estimator.close();
        } finally {
            detector.close();
        }
    }
}
