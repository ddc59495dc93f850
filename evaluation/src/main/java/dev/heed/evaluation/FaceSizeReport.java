package dev.heed.evaluation;

import dev.heed.inference.model.HeadPose;
import dev.heed.inference.model.PoseResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pose error by face size and by band of the labelled |yaw| (0-30, 30-60, 60-99): per cell, the images, those without
 * a detected face and those the estimator could not estimate (counted, outside the errors), the yaw MAE, the mean MAE
 * of the three angles, and the yaw shrink: mean of |estimated yaw| - |labelled yaw|, negative when turned faces read
 * as less turned than they are.
 */
public final class FaceSizeReport {
    private static final int BANDS = AccuracyReport.RANGE_NAMES.length;

    private final int[] sizes;
    // Indexed [size][band]; band BANDS is all bands together.
    private final int[][] images;
    private final int[][] noFace;
    private final int[][] notEstimated;
    private final double[][] yawAbs;
    private final double[][] meanAbs;
    private final double[][] yawShrink;

    FaceSizeReport(int[] sizes) {
        this.sizes = sizes.clone();
        images = new int[sizes.length][BANDS + 1];
        noFace = new int[sizes.length][BANDS + 1];
        notEstimated = new int[sizes.length][BANDS + 1];
        yawAbs = new double[sizes.length][BANDS + 1];
        meanAbs = new double[sizes.length][BANDS + 1];
        yawShrink = new double[sizes.length][BANDS + 1];
    }

    /** The result for the image at size index i; null when no face was detected. */
    void add(int i, PoseLabel label, PoseResult result) {
        int band = band(Math.abs(label.yaw()));
        for (int b : new int[] {band, BANDS}) {
            images[i][b]++;
            if (result == null) {
                noFace[i][b]++;
            } else if (result instanceof PoseResult.Failed) {
                notEstimated[i][b]++;
            } else {
                HeadPose pose = result.pose();
                double y = Math.abs(pose.yaw().degrees() - label.yaw());
                yawAbs[i][b] += y;
                meanAbs[i][b] += (y + Math.abs(pose.pitch().degrees() - label.pitch()) + Math.abs(pose.roll().degrees() - label.roll())) / 3;
                yawShrink[i][b] += Math.abs(pose.yaw().degrees()) - Math.abs(label.yaw());
            }
        }
    }

    private static int band(double absYaw) {
        for (int r = 0; r < BANDS - 1; r++) {
            if (absYaw < AccuracyReport.RANGE_LIMITS[r]) {
                return r;
            }
        }
        return BANDS - 1;
    }

    private int faces(int i, int b) {
        return images[i][b] - noFace[i][b] - notEstimated[i][b];
    }

    /** Mean MAE over all bands at size index i. */
    public double meanMae(int i) {
        return meanAbs[i][BANDS] / faces(i, BANDS);
    }

    /** Yaw MAE at size index i in band b (BANDS for all). */
    public double yawMae(int i, int b) {
        return yawAbs[i][b] / faces(i, b);
    }

    public int noFace(int i, int b) {
        return noFace[i][b];
    }

    public int images(int i, int b) {
        return images[i][b];
    }

    /** Mean |estimated yaw| - |labelled yaw| at size index i in band b. */
    public double yawShrink(int i, int b) {
        return yawShrink[i][b] / faces(i, b);
    }

    private static String bandName(int b) {
        return b == BANDS ? "all" : AccuracyReport.RANGE_NAMES[b];
    }

    /** size -> band (all, 0-30, 30-60, 60-99) -> images, no_face, not_estimated, faces, yaw_mae, mae, yaw_shrink. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < sizes.length; i++) {
            Map<String, Object> bySize = new LinkedHashMap<>();
            for (int b : bandOrder()) {
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("images", images[i][b]);
                cell.put("no_face", noFace[i][b]);
                cell.put("not_estimated", notEstimated[i][b]);
                cell.put("faces", faces(i, b));
                cell.put("yaw_mae", yawMae(i, b));
                cell.put("mae", meanAbs[i][b] / faces(i, b));
                cell.put("yaw_shrink", yawShrink(i, b));
                bySize.put(bandName(b), cell);
            }
            out.put(Integer.toString(sizes[i]), bySize);
        }
        return out;
    }

    private static int[] bandOrder() {
        int[] order = new int[BANDS + 1];
        order[0] = BANDS;
        for (int b = 0; b < BANDS; b++) {
            order[b + 1] = b;
        }
        return order;
    }

    /** A table for the terminal: one row per size and band. */
    public List<String> toLines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "faces placed in a %dx%d frame; MAE in degrees over the faces with a pose; shrink = mean "
                + "|estimated yaw| - |labelled yaw|", FaceSizeEvaluation.FRAME_WIDTH, FaceSizeEvaluation.FRAME_HEIGHT));
        lines.add(String.format(Locale.ROOT, "%-8s %-7s %7s %8s %9s %9s %9s", "face px", "|yaw|", "images", "no face", "yaw MAE", "mean MAE",
                "shrink"));
        for (int i = 0; i < sizes.length; i++) {
            for (int b : bandOrder()) {
                lines.add(String.format(Locale.ROOT, "%-8d %-7s %7d %8d %9.2f %9.2f %+9.2f", sizes[i], bandName(b), images[i][b], noFace[i][b],
                        yawMae(i, b), meanAbs[i][b] / faces(i, b), yawShrink(i, b)));
            }
        }
        return lines;
    }
}
