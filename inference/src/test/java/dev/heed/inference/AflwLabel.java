package dev.heed.inference;

import dev.heed.common.image.BgrImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of aflw2000-dev/labels.csv: ground-truth angles and the box around the face's 2D landmarks.
 */
public record AflwLabel(String file, double yaw, double pitch, double roll, double x, double y, double w, double h,
                        boolean inProtocol) {

    /** The rows in file order (the file has CRLF line ends). */
    public static List<AflwLabel> read(Path labelsCsv) throws IOException {
        List<String> lines = Files.readAllLines(labelsCsv);
        List<AflwLabel> labels = new ArrayList<>(lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.strip().split(",");
            if (f.length < 9) {
                continue;
            }
            labels.add(new AflwLabel(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                    f[8].equals("1")));
        }
        return labels;
    }

    /**
     * A square crop centred on the landmark box with side max(w, h) * (1 + 2 * margin), resized to size x size.
     */
    public BgrImage squareCrop(BgrImage image, double margin, int size) {
        double side = Math.max(w, h) * (1 + 2 * margin);
        double cx = x + w / 2;
        double cy = y + h / 2;
        return image.cropResize(cx - side / 2, cy - side / 2, side, side, size, size);
    }
}
