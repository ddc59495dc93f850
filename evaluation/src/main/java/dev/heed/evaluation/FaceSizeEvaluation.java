package dev.heed.evaluation;

import dev.heed.common.image.BgrImage;
import dev.heed.inference.model.PoseEstimationException;
import dev.heed.ingest.detect.DetectorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Pose error by face size, as a classroom camera shows faces: each labelled image is scaled so that its face (the
 * labelled box's longer side) is so many pixels, and placed with the face at the centre of a grey
 * {@value #FRAME_WIDTH}x{@value #FRAME_HEIGHT} frame; then the whole pipeline runs on that frame (ingest's detector on
 * the full frame, the face nearest the centre, ingest's crop, JPEG, the estimator). Downscaling is area-like
 * ({@link BgrImage#shrink}), as a camera's sensor averages light, not bilinear point sampling.
 */
public final class FaceSizeEvaluation {
    public static final int FRAME_WIDTH = 1920;
    public static final int FRAME_HEIGHT = 1080;
    private static final byte BACKGROUND = (byte) 110;

    private FaceSizeEvaluation() {
    }

    /**
     * @param sizes    face sizes in frame pixels, each 8 to 1080
     * @param limit    only the first this many images in the protocol; 0 for all
     * @param progress makes the progress bar for a number of pipeline runs
     * @throws IllegalArgumentException if labels.csv has no face boxes (x, y, w, h) or names a missing image
     */
    public static FaceSizeReport run(PosePipeline pipeline, Path folder, int[] sizes, int limit, IntFunction<ProgressBar> progress)
            throws IOException, DetectorException, PoseEstimationException {
        for (int size : sizes) {
            if (size < 8 || size > FRAME_HEIGHT) {
                throw new IllegalArgumentException("--face-sizes: each size must be 8 to " + FRAME_HEIGHT + " pixels, got " + size);
            }
        }
        Path labelsCsv = folder.resolve(AccuracyEvaluation.LABELS);
        if (!Files.isRegularFile(labelsCsv)) {
            throw new IllegalArgumentException("FOLDER " + folder + " has no " + AccuracyEvaluation.LABELS);
        }
        List<PoseLabel> evaluated = PoseLabel.read(labelsCsv).stream().filter(PoseLabel::inProtocol).toList();
        if (limit > 0 && limit < evaluated.size()) {
            evaluated = evaluated.subList(0, limit);
        }
        FaceSizeReport report = new FaceSizeReport(sizes);
        ProgressBar bar = progress.apply(evaluated.size() * sizes.length);
        try {
            for (PoseLabel label : evaluated) {
                if (label.box() == null) {
                    throw new IllegalArgumentException("--face-sizes needs the face box of each image: " + labelsCsv + " has no x,y,w,h columns");
                }
                Path file = folder.resolve(AccuracyEvaluation.IMAGES).resolve(label.file());
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("FOLDER " + folder + ": " + AccuracyEvaluation.LABELS + " names " + label.file()
                            + " but " + file + " does not exist");
                }
                BgrImage image = BgrImage.read(file);
                for (int i = 0; i < sizes.length; i++) {
                    Optional<PosePipeline.Estimate> estimate = pipeline.estimate(place(image, label.box(), sizes[i]));
                    report.add(i, label, estimate.map(PosePipeline.Estimate::result).orElse(null));
                    bar.step();
                }
            }
        } finally {
            bar.finish();
        }
        return report;
    }

    /** The image scaled so that the face box's longer side is {@code faceSize} pixels, its centre at the frame's centre. */
    static BgrImage place(BgrImage image, PoseLabel.Box face, int faceSize) {
        double scale = faceSize / face.size();
        int w = Math.max(1, (int) Math.round(image.width() * scale));
        int h = Math.max(1, (int) Math.round(image.height() * scale));
        BgrImage scaled = scale < 1 ? image.shrink(w, h) : image.resize(w, h);
        BgrImage frame = new BgrImage(FRAME_WIDTH, FRAME_HEIGHT, new byte[FRAME_WIDTH * FRAME_HEIGHT * 3]);
        Arrays.fill(frame.bgr(), BACKGROUND);
        int x0 = (int) Math.round(FRAME_WIDTH / 2.0 - face.centreX() * w / image.width());
        int y0 = (int) Math.round(FRAME_HEIGHT / 2.0 - face.centreY() * h / image.height());
        scaled.copyInto(frame, x0, y0);
        return frame;
    }
}
