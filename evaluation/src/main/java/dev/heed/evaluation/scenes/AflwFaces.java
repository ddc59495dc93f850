package dev.heed.evaluation.scenes;

import dev.heed.common.image.BgrImage;
import dev.heed.evaluation.LabelsCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Faces of aflw2000-dev chosen by their labelled pose, for the generated scenes: frontal ones for people who attend,
 * turned or lowered ones for people who look away. Each image shows one person; its labels give the true angles and
 * the box around the face's landmarks, which places the head (no detector is involved in making a scene).
 */
public final class AflwFaces {
    /**
     * Frontal: within 12 degrees of the camera in yaw and pitch, roll under 10, a face large enough to shrink well, and
     * a landmark box shaped like a face (a few fits are off, e.g. one round a mouth under sunglasses).
     */
    public static final Predicate<Label> FRONTAL = l -> Math.abs(l.yaw()) < 12 && Math.abs(l.pitch()) < 12 && Math.abs(l.roll()) < 10
            && l.w() >= 120 && l.h() / l.w() >= 0.85 && l.h() / l.w() <= 1.3;
    /** Turned aside: |yaw| over 60 (the issue asks for over 55), pitch within 20, a plausible landmark box. */
    public static final Predicate<Label> TURNED = l -> Math.abs(l.yaw()) > 60 && Math.abs(l.pitch()) < 20
            && l.h() / l.w() >= 0.8 && l.h() / l.w() <= 1.5;
    /** Looking down: pitch under -30 (the rule), yaw within 40 and roll within 40, so the face is lowered, not turned. */
    public static final Predicate<Label> DOWN = l -> l.pitch() < -30 && Math.abs(l.yaw()) < 40 && Math.abs(l.roll()) < 40;

    private final Path folder;
    private final List<Label> labels;

    /** One image's labels: angles in degrees (AFLW2000's convention), the landmark box in pixels. */
    public record Label(String file, double yaw, double pitch, double roll, double x, double y, double w, double h) {
    }

    private AflwFaces(Path folder, List<Label> labels) {
        this.folder = folder;
        this.labels = labels;
    }

    /** Reads {@code folder}/labels.csv (file, yaw, pitch, roll, x, y, w, h). */
    public static AflwFaces open(Path folder) throws IOException {
        Path csvFile = folder.resolve("labels.csv");
        if (!Files.isRegularFile(csvFile)) {
            throw new NoSuchFileException(csvFile + " (the scenes are made of aflw2000-dev faces; see ../shared/data/README.md)");
        }
        LabelsCsv csv = LabelsCsv.read(csvFile, "file", "yaw", "pitch", "roll", "x", "y", "w", "h");
        List<Label> labels = new ArrayList<>();
        for (LabelsCsv.Row r : csv.rows()) {
            labels.add(new Label(r.text("file"), r.number("yaw"), r.number("pitch"), r.number("roll"), r.number("x"), r.number("y"),
                    r.number("w"), r.number("h")));
        }
        labels.sort(Comparator.comparing(Label::file));
        return new AflwFaces(folder, labels);
    }

    /**
     * {@code count} different images whose labels pass {@code rule}, none of them in {@code taken}, in an order fixed by
     * {@code seed}; the chosen ones are added to {@code taken}.
     *
     * @throws IllegalStateException if fewer than {@code count} images pass
     */
    public List<FacePhoto> pick(Predicate<Label> rule, int count, SplittableRandom seed, List<String> taken) throws IOException {
        List<Label> pool = new ArrayList<>(labels.stream().filter(rule).filter(l -> !taken.contains(l.file())).toList());
        if (pool.size() < count) {
            throw new IllegalStateException("aflw2000-dev has " + pool.size() + " faces for this pose, " + count + " are needed");
        }
        // Fisher-Yates with the scene's own random source: the same seed picks the same faces.
        for (int i = pool.size() - 1; i > 0; i--) {
            int j = seed.nextInt(i + 1);
            Label t = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, t);
        }
        List<FacePhoto> photos = new ArrayList<>();
        for (Label l : pool.subList(0, count)) {
            taken.add(l.file());
            BgrImage image = BgrImage.read(folder.resolve("images").resolve(l.file()));
            photos.add(FacePhoto.aroundLandmarkBox(l.file(), image, l.x(), l.y(), l.w(), l.h(), l.yaw()));
        }
        return photos;
    }
}
