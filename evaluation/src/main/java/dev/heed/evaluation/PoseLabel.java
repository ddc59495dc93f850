package dev.heed.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One labelled image of a labels.csv in aflw2000-dev's format: a header naming at least {@code file},
 * {@code yaw}, {@code pitch}, {@code roll} (degrees, Hopenet/AFLW2000 convention), and optionally {@code x}, {@code y},
 * {@code w}, {@code h} (the face's box, image pixels); other columns are ignored.
 *
 * @param box the labelled face box, or null when the file has no x,y,w,h columns
 */
public record PoseLabel(String file, double yaw, double pitch, double roll, Box box) {
    /** The usual AFLW2000 protocol keeps the images whose three angles all lie in [-99, 99]. */
    public static final double PROTOCOL_LIMIT_DEG = 99;

    /** A label without a face box. */
    public PoseLabel(String file, double yaw, double pitch, double roll) {
        this(file, yaw, pitch, roll, null);
    }

    /**
     * A labelled face box, image pixels (aflw2000-dev: around the face's visible 2D landmarks, not a detector box).
     */
    public record Box(double x, double y, double width, double height) {
        /** The face's size: its longer side, which a turned face keeps (its width shrinks, its height does not). */
        public double size() {
            return Math.max(width, height);
        }

        public double centreX() {
            return x + width / 2;
        }

        public double centreY() {
            return y + height / 2;
        }
    }

    public boolean inProtocol() {
        return Math.abs(yaw) <= PROTOCOL_LIMIT_DEG && Math.abs(pitch) <= PROTOCOL_LIMIT_DEG && Math.abs(roll) <= PROTOCOL_LIMIT_DEG;
    }

    /**
     * @throws IllegalArgumentException naming the line and the problem when the file is not in that format
     */
    public static List<PoseLabel> read(Path labelsCsv) throws IOException {
        LabelsCsv csv = LabelsCsv.read(labelsCsv, "file", "yaw", "pitch", "roll");
        boolean boxes = csv.hasColumns("x", "y", "w", "h");
        List<PoseLabel> labels = new ArrayList<>(csv.rows().size());
        for (LabelsCsv.Row row : csv.rows()) {
            try {
                Box box = boxes ? new Box(row.number("x"), row.number("y"), row.number("w"), row.number("h")) : null;
                labels.add(new PoseLabel(row.text("file"), row.number("yaw"), row.number("pitch"), row.number("roll"), box));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(labelsCsv + " line " + row.line() + " is not file,yaw,pitch,roll" + (boxes ? ",x,y,w,h" : "")
                        + " in degrees and pixels: " + e.getMessage());
            }
        }
        return labels;
    }
}
