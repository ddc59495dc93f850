package dev.heed.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One labelled image of a labels.csv in aflw2000-dev's format: a header naming at least {@code file},
 * {@code yaw}, {@code pitch}, {@code roll} (degrees, Hopenet/AFLW2000 convention); other columns are ignored.
 */
public record PoseLabel(String file, double yaw, double pitch, double roll) {
    /** The usual AFLW2000 protocol keeps the images whose three angles all lie in [-99, 99]. */
    public static final double PROTOCOL_LIMIT_DEG = 99;

    public boolean inProtocol() {
        return Math.abs(yaw) <= PROTOCOL_LIMIT_DEG && Math.abs(pitch) <= PROTOCOL_LIMIT_DEG && Math.abs(roll) <= PROTOCOL_LIMIT_DEG;
    }

    /**
     * @throws IllegalArgumentException naming the line and the problem when the file is not in that format
     */
    public static List<PoseLabel> read(Path labelsCsv) throws IOException {
        LabelsCsv csv = LabelsCsv.read(labelsCsv, "file", "yaw", "pitch", "roll");
        List<PoseLabel> labels = new ArrayList<>(csv.rows().size());
        for (LabelsCsv.Row row : csv.rows()) {
            try {
                labels.add(new PoseLabel(row.text("file"), row.number("yaw"), row.number("pitch"), row.number("roll")));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(labelsCsv + " line " + row.line() + " is not file,yaw,pitch,roll in degrees: " + e.getMessage());
            }
        }
        return labels;
    }
}
