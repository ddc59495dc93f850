package dev.heed.evaluation.bench;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.source.H264ClipWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The ingest benchmark's clip: six real people (FairFace photos from ../shared/data/faces) on a 1280x720 frame,
 * 25 fps H.264 in MP4, a key frame every 2 s, 4 Mbit/s. Each face drifts a little, because a static picture
 * would make decoding unrealistically cheap. The one real clip in ../shared/data/clips (office-turns.mp4) is
 * 640x480 with one person, too light a load for a camera's worth of work, hence a generated one.
 *
 * <p>Encoded by ingest's {@link H264ClipWriter}, as the ingest tests' clips are, so the figures measured before
 * with the test-tree benchmark still apply.
 */
public final class SixPeopleClip {
    public static final int WIDTH = 1280;
    public static final int HEIGHT = 720;
    public static final int FPS = 25;
    public static final int PEOPLE_COUNT = 6;
    /** Single-face photos: some FairFace crops show other people in the background (ingest/README.md). */
    private static final String[] PEOPLE = {"fairface_0007.jpg", "fairface_0010.jpg", "fairface_0013.jpg", "fairface_0016.jpg",
            "fairface_0028.jpg", "fairface_0031.jpg"};
    private static final int FACE_SIDE = 300;
    private static final int KEY_FRAME_INTERVAL = 2 * FPS;
    private static final int BITRATE = 4_000_000;

    private final BgrImage[] people;

    private SixPeopleClip(BgrImage[] people) {
        this.people = people;
    }

    /**
     * The clip of {@code frames} frames in {@code dir}, written there once (about 10 s for 12 s of video) and
     * reused afterwards; written to a temporary file first, so that a run stopped halfway leaves no broken clip.
     *
     * @param faces the data/faces folder (its images/ holds the six photos)
     */
    public static Path cached(Path faces, Path dir, int frames) throws IOException {
        Path file = dir.resolve(fileName(frames));
        if (Files.isRegularFile(file)) {
            return file;
        }
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, "six-people-", ".mp4.partial");
        try {
            write(faces, partial, frames);
            return Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The cached clip's name in its folder. */
    public static String fileName(int frames) {
        return "six-people-720p-" + frames + "-frames.mp4";
    }

    /** Writes frames 0 .. {@code frames}-1 of the clip to {@code file}. */
    public static Path write(Path faces, Path file, int frames) throws IOException {
        if (frames < 1) {
            throw new IllegalArgumentException("a clip needs at least one frame, got " + frames);
        }
        BgrImage[] people = new BgrImage[PEOPLE.length];
        for (int i = 0; i < PEOPLE.length; i++) {
            Path photo = faces.resolve("images").resolve(PEOPLE[i]);
            if (!Files.isRegularFile(photo)) {
                throw new NoSuchFileException(photo + " (the clip is made of ../shared/data/faces photos)");
            }
            people[i] = BgrImage.read(photo).resize(FACE_SIDE, FACE_SIDE);
        }
        new SixPeopleClip(people).encode(file, frames);
        return file;
    }

    private void encode(Path file, int frames) throws IOException {
        H264ClipWriter.write(this::picture, frames, FPS, KEY_FRAME_INTERVAL, BITRATE, file);
    }

    /** Frame {@code index}: a soft gradient background, the people in two rows of three, each on its own slow path. */
    private BgrImage picture(int index) {
        BgrImage canvas = new BgrImage(WIDTH, HEIGHT, new byte[WIDTH * HEIGHT * 3]);
        byte[] bgr = canvas.bgr();
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int o = (y * WIDTH + x) * 3;
                bgr[o] = (byte) (90 + x / 32);
                bgr[o + 1] = (byte) (100 + y / 24);
                bgr[o + 2] = (byte) 110;
            }
        }
        double t = index / (double) FPS;
        for (int p = 0; p < people.length; p++) {
            int col = p % 3;
            int row = p / 3;
            int x0 = 63 + col * 426 + (int) Math.round(40 * Math.sin(2 * Math.PI * t / 5 + p));
            int y0 = 30 + row * 360 + (int) Math.round(20 * Math.cos(2 * Math.PI * t / 7 + p));
            people[p].copyInto(canvas, x0, y0);
        }
        return canvas;
    }
}
