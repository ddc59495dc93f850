package dev.heed.evaluation.bench;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.source.H264ClipWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The latency benchmark's multi-person clip: four people side by side (2 x 2 on a 1280x720 frame, 25 fps H.264),
 * each facing the camera and turning away once for {@link #AWAY_S} s, one after another: person k (left to right,
 * top row first) from {@code 4 + 4k} s. Under the default policy that is one long distraction each, raised 3 s into
 * the turn and cleared after it. Made of the real 16-pose photo series in ../shared/data/faces (the same person in
 * every seat: the tracker and the aggregator only see four faces), as the sample clip office-turns.mp4 is.
 */
public final class TurningPeopleClip {
    public static final int WIDTH = 1280;
    public static final int HEIGHT = 720;
    public static final int FPS = 25;
    public static final int PEOPLE = 4;
    public static final double AWAY_S = 4.5;
    public static final double SECONDS = 26;
    static final String FRONTAL = "aws_IMG_1232.JPG";
    static final String TURNED = "aws_IMG_1233.JPG";

    private final BgrImage frontal;
    private final BgrImage turned;

    private TurningPeopleClip(BgrImage frontal, BgrImage turned) {
        this.frontal = frontal;
        this.turned = turned;
    }

    /** When person k (0-3) turns away, seconds into the clip. */
    public static double turnsAwayAtS(int person) {
        return 4 + 4 * person;
    }

    /** The clip in {@code dir}, written there once (about half a minute) and reused; never left half written. */
    public static Path cached(Path faces, Path dir) throws IOException {
        Path file = dir.resolve("four-people-turning-720p.mp4");
        if (Files.isRegularFile(file)) {
            return file;
        }
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, "four-people-", ".mp4.partial");
        try {
            write(faces, partial);
            return Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * @param faces the data/faces folder (its images/ holds the photo series)
     */
    public static Path write(Path faces, Path file) throws IOException {
        TurningPeopleClip clip = new TurningPeopleClip(photo(faces, FRONTAL), photo(faces, TURNED));
        int frames = (int) Math.round(SECONDS * FPS);
        H264ClipWriter.write(clip::picture, frames, FPS, 2 * FPS, 4_000_000, file);
        return file;
    }

    private static BgrImage photo(Path faces, String name) throws IOException {
        Path photo = faces.resolve("images").resolve(name);
        if (!Files.isRegularFile(photo)) {
            throw new NoSuchFileException(photo + " (the clip is made of ../shared/data/faces photos)");
        }
        // The 640x480 photos, scaled into a 640x360 seat.
        return BgrImage.read(photo).resize(480, 360);
    }

    private BgrImage picture(int index) {
        BgrImage canvas = new BgrImage(WIDTH, HEIGHT, new byte[WIDTH * HEIGHT * 3]);
        double t = index / (double) FPS;
        for (int p = 0; p < PEOPLE; p++) {
            boolean away = t >= turnsAwayAtS(p) && t < turnsAwayAtS(p) + AWAY_S;
            (away ? turned : frontal).copyInto(canvas, (p % 2) * 640 + 80, (p / 2) * 360);
        }
        return canvas;
    }
}
