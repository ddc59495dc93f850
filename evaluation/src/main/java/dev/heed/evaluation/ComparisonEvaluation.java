package dev.heed.evaluation;

import dev.heed.common.image.BgrImage;
import dev.heed.inference.model.FaceImage;
import dev.heed.inference.model.PoseEstimationException;
import dev.heed.inference.model.PoseEstimator;
import dev.heed.inference.model.PoseResult;
import dev.heed.ingest.detect.Detection;
import dev.heed.ingest.detect.DetectorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Several estimators side by side in one pass over a labelled folder: each image is detected, cropped and
 * JPEG-round-tripped once (the pipeline's own path), and every estimator gets the same face. Per estimator: the
 * accuracy, the milliseconds per face of its {@code estimate} call (one face per call, the first image left out
 * as warm-up), and the mean MAE with the face degraded ({@link FaceDegradation}) on the first
 * {@code robustnessLimit} faces, beside its clean MAE on those same faces.
 */
public final class ComparisonEvaluation {
    private ComparisonEvaluation() {
    }

    /** One estimator's figures. */
    public static final class Row {
        final String estimator;
        final PoseEstimator model;
        final AccuracyReport accuracy = new AccuracyReport();
        final AccuracyReport subsetClean = new AccuracyReport();
        final Map<FaceDegradation, AccuracyReport> degraded = new EnumMap<>(FaceDegradation.class);
        long nanos;
        int timedFaces;

        Row(String estimator, PoseEstimator model) {
            this.estimator = estimator;
            this.model = model;
            for (FaceDegradation d : FaceDegradation.values()) {
                degraded.put(d, new AccuracyReport());
            }
        }

        public AccuracyReport accuracy() {
            return accuracy;
        }

        public double msPerFace() {
            return nanos / 1e6 / timedFaces;
        }

        public double degradedMae(FaceDegradation d) {
            return degraded.get(d).meanMae();
        }
    }

    /**
     * @param names           estimator names, in the order of the rows
     * @param estimators      the opened estimators, same order (closed by the caller)
     * @param limit           only the first this many images in the protocol; 0 for all
     * @param robustnessLimit degrade only the first this many faces; 0 for none
     */
    public static List<Row> run(PosePipeline pipeline, List<String> names, List<PoseEstimator> estimators, Path folder, int limit,
                                int robustnessLimit, IntFunction<ProgressBar> progress) throws IOException, DetectorException, PoseEstimationException {
        Path labelsCsv = folder.resolve(AccuracyEvaluation.LABELS);
        if (!Files.isRegularFile(labelsCsv)) {
            throw new IllegalArgumentException("FOLDER " + folder + " has no " + AccuracyEvaluation.LABELS + " beside " + AccuracyEvaluation.IMAGES + "/");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            rows.add(new Row(names.get(i), estimators.get(i)));
        }
        List<PoseLabel> labels = PoseLabel.read(labelsCsv);
        List<PoseLabel> evaluated = labels.stream().filter(PoseLabel::inProtocol).toList();
        long excluded = labels.size() - evaluated.size();
        rows.forEach(r -> {
            for (long k = 0; k < excluded; k++) {
                r.accuracy.excluded();
            }
        });
        if (limit > 0 && limit < evaluated.size()) {
            evaluated = evaluated.subList(0, limit);
        }
        ProgressBar bar = progress.apply(evaluated.size());
        int faces = 0;
        try {
            for (PoseLabel label : evaluated) {
                Path file = folder.resolve(AccuracyEvaluation.IMAGES).resolve(label.file());
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("FOLDER " + folder + ": labels.csv names " + label.file() + " but " + file + " does not exist");
                }
                BgrImage image = BgrImage.read(file);
                Optional<Detection> detection = pipeline.detect(image);
                if (detection.isEmpty()) {
                    rows.forEach(r -> r.accuracy.addNoFace());
                    bar.step();
                    continue;
                }
                FaceImage face = pipeline.crop(image, detection.get());
                boolean robust = faces < robustnessLimit;
                List<FaceImage> variants = new ArrayList<>();
                if (robust) {
                    for (FaceDegradation d : FaceDegradation.values()) {
                        variants.add(d.apply(face));
                    }
                }
                for (Row row : rows) {
                    long start = System.nanoTime();
                    PoseResult result = row.model.estimate(List.of(face)).get(0);
                    long took = System.nanoTime() - start;
                    if (faces > 0) {
                        row.nanos += took;
                        row.timedFaces++;
                    }
                    row.accuracy.add(label, result);
                    if (robust) {
                        row.subsetClean.add(label, result);
                        for (FaceDegradation d : FaceDegradation.values()) {
                            row.degraded.get(d).add(label, row.model.estimate(List.of(variants.get(d.ordinal()))).get(0));
                        }
                    }
                }
                faces++;
                bar.step();
            }
        } finally {
            bar.finish();
        }
        return rows;
    }

    /** JSON-ready: one entry per estimator. */
    public static Map<String, Object> toMap(List<Row> rows) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>(r.accuracy.toMap());
            m.put("model", r.model.identity().name());
            m.put("model_version", r.model.identity().version());
            m.put("ms_per_face", r.msPerFace());
            Map<String, Object> robustness = new LinkedHashMap<>();
            robustness.put("faces", r.subsetClean.faces());
            robustness.put("clean", r.subsetClean.meanMae());
            for (FaceDegradation d : FaceDegradation.values()) {
                robustness.put(d.label(), r.degradedMae(d));
            }
            m.put("robustness_mae", robustness);
            all.put(r.estimator, m);
        }
        return Map.of("estimators", all);
    }

    /** A robustness cell: "-" when no face was degraded (--robustness-limit 0). */
    private static String cell(double mae) {
        return Double.isNaN(mae) ? "-" : String.format(Locale.ROOT, "%.2f", mae);
    }

    public static List<String> toLines(List<Row> rows) {
        List<String> lines = new ArrayList<>();
        if (rows.isEmpty()) {
            return lines;
        }
        AccuracyReport first = rows.get(0).accuracy;
        int subset = rows.get(0).subsetClean.faces();
        lines.add(String.format(Locale.ROOT, "%d images with all labels in [-99, 99]; %d without a detected face, not in the MAE. "
                + "MAE in degrees; robustness columns: mean MAE on the first %d faces (clean = undegraded on those)", first.images(),
                first.noFace(), subset));
        // The name column fits the longest name, so the figures stay in their columns.
        int nameWidth = Math.max(30, rows.stream().mapToInt(r -> r.estimator.length()).max().orElse(0));
        String name = "%-" + nameWidth + "s";
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, name + " %6s %6s %6s %6s %8s | %6s", "estimator", "yaw", "pitch", "roll",
                "mean", "ms/face", "clean"));
        for (FaceDegradation d : FaceDegradation.values()) {
            head.append(String.format(Locale.ROOT, " %9s", d.label()));
        }
        lines.add(head.toString());
        for (Row r : rows) {
            AccuracyReport a = r.accuracy;
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, name + " %6.2f %6.2f %6.2f %6.2f %8.2f | %6s", r.estimator, a.mae(0),
                    a.mae(1), a.mae(2), a.meanMae(), r.msPerFace(), cell(r.subsetClean.meanMae())));
            for (FaceDegradation d : FaceDegradation.values()) {
                row.append(String.format(Locale.ROOT, " %9s", cell(r.degradedMae(d))));
            }
            lines.add(row.toString());
        }
        // Faces an estimator could not estimate are outside its MAE: say so, never drop them silently.
        for (Row r : rows) {
            if (r.accuracy.notEstimated() > 0) {
                lines.add(String.format(Locale.ROOT, "%s: %d faces %s, not in its MAE", r.estimator, r.accuracy.notEstimated(),
                        r.accuracy.notEstimatedText()));
            }
        }
        return lines;
    }
}
