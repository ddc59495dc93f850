package dev.heed.evaluation;

import dev.heed.common.image.BgrImage;
import dev.heed.inference.model.PoseEstimationException;
import dev.heed.ingest.detect.DetectorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/** Runs the pipeline over a labelled folder (images/ and labels.csv) and collects an {@link AccuracyReport}. */
public final class AccuracyEvaluation {
    public static final String IMAGES = "images";
    public static final String LABELS = "labels.csv";

    private AccuracyEvaluation() {
    }

    /**
     * @param limit    evaluate only the first this many images in the protocol; 0 for all
     * @param progress makes the progress bar for a number of images
     * @throws IllegalArgumentException if the folder lacks labels.csv or an image it names
     */
    public static AccuracyReport run(PosePipeline pipeline, Path folder, int limit, IntFunction<ProgressBar> progress)
            throws IOException, DetectorException, PoseEstimationException {
        Path labelsCsv = folder.resolve(LABELS);
        if (!Files.isRegularFile(labelsCsv)) {
            throw new IllegalArgumentException("FOLDER " + folder + " has no " + LABELS + " (file,yaw,pitch,roll,...) beside " + IMAGES + "/");
        }
        AccuracyReport report = new AccuracyReport();
        List<PoseLabel> labels = PoseLabel.read(labelsCsv);
        List<PoseLabel> evaluated = labels.stream().filter(PoseLabel::inProtocol).toList();
        labels.stream().filter(l -> !l.inProtocol()).forEach(l -> report.excluded());
        if (limit > 0 && limit < evaluated.size()) {
            evaluated = evaluated.subList(0, limit);
        }
        ProgressBar bar = progress.apply(evaluated.size());
        try {
            for (PoseLabel label : evaluated) {
                Path file = folder.resolve(IMAGES).resolve(label.file());
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("FOLDER " + folder + ": " + LABELS + " names " + label.file() + " but " + file + " does not exist");
                }
                Optional<PosePipeline.Estimate> estimate = pipeline.estimate(BgrImage.read(file));
                if (estimate.isEmpty()) {
                    report.addNoFace();
                } else {
                    report.add(label, estimate.get().result());
                }
                bar.step();
            }
        } finally {
            bar.finish();
        }
        return report;
    }
}
