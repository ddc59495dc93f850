package dev.heed.evaluation;

import dev.heed.inference.model.HeadPose;
import dev.heed.inference.model.PoseResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mean absolute errors of estimated poses against labels: per angle, their mean, and per range of the labelled
 * |angle| (0-30, 30-60, 60-99 degrees, as the Hopenet and Siamese papers report them). Images without a
 * detected face, and faces the estimator could not estimate (by reason code), are counted, never dropped
 * silently; the MAE is over the faces with a pose.
 */
public final class AccuracyReport {
    static final String[] ANGLES = {"yaw", "pitch", "roll"};
    /** Upper bounds (exclusive, the last inclusive) of the |angle| ranges. */
    static final double[] RANGE_LIMITS = {30, 60, PoseLabel.PROTOCOL_LIMIT_DEG};
    static final String[] RANGE_NAMES = {"0-30", "30-60", "60-99"};

    private int images;
    private int noFace;
    private int notEstimated;
    private final Map<String, Integer> notEstimatedByReason = new TreeMap<>();
    private int excluded;
    private final double[] absSum = new double[3];
    private final double[] signedSum = new double[3];
    private final double[][] rangeAbsSum = new double[3][RANGE_LIMITS.length];
    private final int[][] rangeCount = new int[3][RANGE_LIMITS.length];

    /** An image whose labels lie outside the protocol: counted, not evaluated. */
    public void excluded() {
        excluded++;
    }

    /** An image in the protocol where the detector found no face. */
    public void addNoFace() {
        images++;
        noFace++;
    }

    /** A face's result: its pose joins the MAE; a face the estimator could not estimate is counted by its reason code. */
    public void add(PoseLabel label, PoseResult result) {
        if (result instanceof PoseResult.Failed failed) {
            images++;
            notEstimated++;
            notEstimatedByReason.merge(failed.reasonCode(), 1, Integer::sum);
            return;
        }
        add(label, result.pose());
    }

    public void add(PoseLabel label, HeadPose pose) {
        images++;
        double[] truth = {label.yaw(), label.pitch(), label.roll()};
        double[] estimate = {pose.yaw().degrees(), pose.pitch().degrees(), pose.roll().degrees()};
        for (int a = 0; a < 3; a++) {
            double error = estimate[a] - truth[a];
            absSum[a] += Math.abs(error);
            signedSum[a] += error;
            int r = range(Math.abs(truth[a]));
            rangeAbsSum[a][r] += Math.abs(error);
            rangeCount[a][r]++;
        }
    }

    private static int range(double absAngle) {
        for (int r = 0; r < RANGE_LIMITS.length - 1; r++) {
            if (absAngle < RANGE_LIMITS[r]) {
                return r;
            }
        }
        return RANGE_LIMITS.length - 1;
    }

    /** Images in the protocol, with or without a face. */
    public int images() {
        return images;
    }

    public int noFace() {
        return noFace;
    }

    /** Faces found but not estimated (e.g. no landmarks for the landmark baseline). */
    public int notEstimated() {
        return notEstimated;
    }

    /** Faces with a pose: the ones in the MAE. */
    public int faces() {
        return images - noFace - notEstimated;
    }

    /** MAE of angle a (0 yaw, 1 pitch, 2 roll), degrees; NaN without faces. */
    public double mae(int a) {
        return absSum[a] / faces();
    }

    /** Mean signed error of angle a, degrees. */
    public double bias(int a) {
        return signedSum[a] / faces();
    }

    public double meanMae() {
        return (mae(0) + mae(1) + mae(2)) / 3;
    }

    /** MAE of angle a over the images whose labelled |angle a| lies in range r; NaN if none does. */
    public double rangeMae(int a, int r) {
        return rangeAbsSum[a][r] / rangeCount[a][r];
    }

    public int rangeImages(int a, int r) {
        return rangeCount[a][r];
    }

    /**
     * The figures as one JSON-ready map: images, faces, no_face, not_estimated (and not_estimated_by_reason), excluded,
     * yaw, pitch, roll, mae, bias, ranges.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", images);
        m.put("faces", faces());
        m.put("no_face", noFace);
        m.put("not_estimated", notEstimated);
        m.put("not_estimated_by_reason", new LinkedHashMap<>(notEstimatedByReason));
        m.put("excluded", excluded);
        for (int a = 0; a < 3; a++) {
            m.put(ANGLES[a], mae(a));
        }
        m.put("mae", meanMae());
        Map<String, Object> bias = new LinkedHashMap<>();
        for (int a = 0; a < 3; a++) {
            bias.put(ANGLES[a], bias(a));
        }
        m.put("bias", bias);
        Map<String, Object> ranges = new LinkedHashMap<>();
        for (int r = 0; r < RANGE_NAMES.length; r++) {
            Map<String, Object> range = new LinkedHashMap<>();
            for (int a = 0; a < 3; a++) {
                // Ordered keys: the JSON reads the same from run to run.
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("mae", rangeMae(a, r));
                figures.put("images", rangeImages(a, r));
                range.put(ANGLES[a], figures);
            }
            ranges.put(RANGE_NAMES[r], range);
        }
        m.put("ranges", ranges);
        return m;
    }

    /** "the estimator could not estimate", with the count per reason code when there are any. */
    String notEstimatedText() {
        if (notEstimatedByReason.isEmpty()) {
            return "the estimator could not estimate";
        }
        List<String> counts = new ArrayList<>();
        notEstimatedByReason.forEach((code, n) -> counts.add(code + " " + n));
        return "the estimator could not estimate (" + String.join(", ", counts) + ")";
    }

    /** A few lines for the terminal. */
    public List<String> toLines() {
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-8s", "|angle|"));
        for (String r : RANGE_NAMES) {
            head.append(String.format(Locale.ROOT, "%16s", r));
        }
        List<String> lines = new ArrayList<>(List.of(
                String.format(Locale.ROOT, "%d images with all labels in [-99, 99] (%d outside left out); %d without a detected face "
                        + "and %d %s, not in the MAE", images, excluded, noFace, notEstimated, notEstimatedText()),
                String.format(Locale.ROOT, "MAE (degrees) over %d faces: yaw %.2f  pitch %.2f  roll %.2f  mean %.2f", faces(),
                        mae(0), mae(1), mae(2), meanMae()),
                String.format(Locale.ROOT, "bias (mean signed error): yaw %+.2f  pitch %+.2f  roll %+.2f", bias(0), bias(1), bias(2)),
                "MAE by range of the labelled |angle| (degrees, images):",
                head.toString()));
        for (int a = 0; a < 3; a++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-8s", ANGLES[a]));
            for (int r = 0; r < RANGE_NAMES.length; r++) {
                row.append(String.format(Locale.ROOT, "%16s", String.format(Locale.ROOT, "%.2f (%d)", rangeMae(a, r), rangeImages(a, r))));
            }
            lines.add(row.toString());
        }
        return lines;
    }
}
