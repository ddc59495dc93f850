package dev.heed.evaluation;

import dev.heed.common.image.BgrImage;
import dev.heed.inference.model.HeadPose;
import dev.heed.inference.model.PoseEstimationException;
import dev.heed.ingest.detect.DetectorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Label-free checks of the whole pipeline on a folder of faces. Mirror consistency: the mirrored image must give
 * (-yaw, pitch, -roll). Rotation consistency: the image rotated clockwise by t degrees about the face centre must
 * give roll + t. Both run from the raw image (detector, crop, model), so they test the pipeline, not only the model.
 */
public final class ConsistencyChecks {
    private ConsistencyChecks() {
    }

    /** Disagreement of one transformed run with what the original run predicts, accumulated over images. */
    private static final class Tally {
        int faces;
        int noFace;
        /** Transformed faces the estimator could not estimate (e.g. no landmarks). */
        int notEstimated;
        final double[] absSum = new double[3];
        final double[] signedSum = new double[3];

        void add(double yawError, double pitchError, double rollError) {
            faces++;
            double[] e = {yawError, pitchError, rollError};
            for (int a = 0; a < 3; a++) {
                absSum[a] += Math.abs(e[a]);
                signedSum[a] += e[a];
            }
        }

        double mean(int a) {
            return absSum[a] / faces;
        }

        /** ", N not estimated" for the terminal, or nothing when every face was estimated. */
        String notEstimatedNote() {
            return notEstimated == 0 ? "" : ", " + notEstimated + " not estimated";
        }

        double bias(int a) {
            return signedSum[a] / faces;
        }
    }

    /** The outcome; {@link #toMap()} for JSON, {@link #toLines()} for the terminal. */
    public static final class Report {
        private int images;
        private int noFace;
        private int notEstimated;
        private final Tally mirror = new Tally();
        private final double[] rotations;
        private final Tally[] rotated;

        Report(double[] rotations) {
            this.rotations = rotations.clone();
            this.rotated = new Tally[rotations.length];
            for (int i = 0; i < rotations.length; i++) {
                rotated[i] = new Tally();
            }
        }

        public int images() {
            return images;
        }

        public int noFace() {
            return noFace;
        }

        /** Images whose face the estimator could not estimate: they take no part in the checks. */
        public int notEstimated() {
            return notEstimated;
        }

        /** Mean |error| of angle a (0 yaw, 1 pitch, 2 roll) of the mirrored image against (-yaw, pitch, -roll). */
        public double mirrorError(int a) {
            return mirror.mean(a);
        }

        /** Mean |roll shift - t| for rotation i. */
        public double rotationError(int i) {
            return rotated[i].mean(2);
        }

        /** Mean (roll shift - t) for rotation i: negative when the estimate under-follows the rotation. */
        public double rotationBias(int i) {
            return rotated[i].bias(2);
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("images", images);
            m.put("no_face", noFace);
            m.put("not_estimated", notEstimated);
            Map<String, Object> mir = new LinkedHashMap<>();
            mir.put("faces", mirror.faces);
            mir.put("no_face", mirror.noFace);
            mir.put("not_estimated", mirror.notEstimated);
            for (int a = 0; a < 3; a++) {
                mir.put(AccuracyReport.ANGLES[a], mirror.mean(a));
            }
            m.put("mirror", mir);
            List<Object> rot = new ArrayList<>();
            for (int i = 0; i < rotations.length; i++) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("degrees", rotations[i]);
                r.put("faces", rotated[i].faces);
                r.put("no_face", rotated[i].noFace);
                r.put("not_estimated", rotated[i].notEstimated);
                r.put("roll_shift_error", rotated[i].mean(2));
                r.put("roll_shift_bias", rotated[i].bias(2));
                r.put("yaw_change", rotated[i].mean(0));
                r.put("pitch_change", rotated[i].mean(1));
                rot.add(r);
            }
            m.put("rotation", rot);
            return m;
        }

        public List<String> toLines() {
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "%d images, %d without a detected face, %d the estimator could not estimate", images, noFace,
                    notEstimated));
            lines.add(String.format(Locale.ROOT, "mirror (%d faces, %d lost when mirrored%s): mean |error| against (-yaw, pitch, -roll): "
                    + "yaw %.2f  pitch %.2f  roll %.2f", mirror.faces, mirror.noFace, mirror.notEstimatedNote(), mirror.mean(0), mirror.mean(1),
                    mirror.mean(2)));
            for (int i = 0; i < rotations.length; i++) {
                Tally t = rotated[i];
                lines.add(String.format(Locale.ROOT, "rotated %+5.1f deg clockwise (%d faces, %d lost%s): roll shift error mean |%.2f|, "
                        + "bias %+.2f; yaw moved %.2f, pitch %.2f", rotations[i], t.faces, t.noFace, t.notEstimatedNote(), t.mean(2), t.bias(2),
                        t.mean(0), t.mean(1)));
            }
            return lines;
        }
    }

    /** The image files of a folder (its images/ subfolder if there is one), by name. */
    public static List<Path> imageFiles(Path folder) throws IOException {
        Path dir = Files.isDirectory(folder.resolve(AccuracyEvaluation.IMAGES)) ? folder.resolve(AccuracyEvaluation.IMAGES) : folder;
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("FOLDER " + folder + " is not a folder");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png|gif|bmp)"))
                    .sorted().toList();
        }
    }

    /**
     * @param rotations in-plane rotations to check, degrees clockwise
     * @param limit     check only the first this many images; 0 for all
     */
    public static Report run(PosePipeline pipeline, List<Path> images, double[] rotations, int limit, IntFunction<ProgressBar> progress)
            throws IOException, DetectorException, PoseEstimationException {
        List<Path> files = limit > 0 && limit < images.size() ? images.subList(0, limit) : images;
        Report report = new Report(rotations);
        ProgressBar bar = progress.apply(files.size());
        try {
            for (Path file : files) {
                check(pipeline, BgrImage.read(file), rotations, report);
                bar.step();
            }
        } finally {
            bar.finish();
        }
        return report;
    }

    /** The pose of a transformed image's face; a lost or unestimated face is counted in the tally instead. */
    private static Optional<HeadPose> transformed(Optional<PosePipeline.Estimate> estimate, Tally tally) {
        if (estimate.isEmpty()) {
            tally.noFace++;
            return Optional.empty();
        }
        if (estimate.get().result().failed()) {
            tally.notEstimated++;
            return Optional.empty();
        }
        return Optional.of(estimate.get().result().pose());
    }

    private static void check(PosePipeline pipeline, BgrImage image, double[] rotations, Report report)
            throws DetectorException, PoseEstimationException {
        report.images++;
        Optional<PosePipeline.Estimate> original = pipeline.estimate(image);
        if (original.isEmpty()) {
            report.noFace++;
            return;
        }
        if (original.get().result().failed()) {
            report.notEstimated++;
            return;
        }
        HeadPose p = original.get().result().pose();
        Optional<HeadPose> mirrored = transformed(pipeline.estimate(image.mirrored()), report.mirror);
        mirrored.ifPresent(m -> report.mirror.add(m.yaw().degrees() + p.yaw().degrees(), m.pitch().degrees() - p.pitch().degrees(),
                m.roll().degrees() + p.roll().degrees()));
        double cx = original.get().face().box().centreX();
        double cy = original.get().face().box().centreY();
        for (int i = 0; i < rotations.length; i++) {
            double t = rotations[i];
            Tally tally = report.rotated[i];
            transformed(pipeline.estimate(ImageRotation.clockwise(image, cx, cy, t)), tally).ifPresent(q -> tally.add(
                    q.yaw().degrees() - p.yaw().degrees(), q.pitch().degrees() - p.pitch().degrees(), q.roll().degrees() - p.roll().degrees() - t));
        }
    }
}
