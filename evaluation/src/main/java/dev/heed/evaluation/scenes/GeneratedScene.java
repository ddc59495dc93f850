package dev.heed.evaluation.scenes;

import dev.heed.common.image.BgrImage;
import dev.heed.evaluation.scenario.SceneFile;
import dev.heed.evaluation.scenario.SceneTruth;
import dev.heed.ingest.source.H264ClipWriter;
import dev.heed.proto.v1.AttentionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A labelled scene made of real faces on a synthetic room: its frames, and the ground truth read off the same actors
 * that draw them. {@link #write} puts the clip (H.264 in MP4, by ingest's {@link H264ClipWriter}, as the tests' clips
 * are made) and its scene file side by side.
 */
public abstract class GeneratedScene {
    private final String name;
    private final String description;
    private final int width;
    private final int height;
    private final int fps;
    private final long durationMs;
    private final int bitrate;
    private final AttentionPolicy policy;

    /**
     * @param name    also the clip's and scene file's base name, and the camera id in the evaluation
     * @param bitrate bits per second of the clip, as a camera of this size would send
     * @param policy  the policy fields the scene is judged under (the default instance for the aggregator's defaults)
     */
    protected GeneratedScene(String name, String description, int width, int height, int fps, long durationMs, int bitrate,
                             AttentionPolicy policy) {
        this.name = name;
        this.description = description;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.durationMs = durationMs;
        this.bitrate = bitrate;
        this.policy = policy;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int fps() {
        return fps;
    }

    public long durationMs() {
        return durationMs;
    }

    public AttentionPolicy policy() {
        return policy;
    }

    public abstract List<Actor> actors();

    /** The region of the frame where the actor's face is while they sit there. */
    public abstract SceneTruth.Seat seat(Actor actor);

    /** Frame {@code index}, at clip time index / fps. */
    public abstract BgrImage frame(int index);

    public int frames() {
        return (int) (durationMs() * fps() / 1000);
    }

    /** Clip time of frame {@code index}, ms. */
    protected long timeOf(int index) {
        return Math.round(index * 1000.0 / fps());
    }

    public SceneTruth truth(Path clip, String clipAsWritten) {
        SceneTruth.Clip c = new SceneTruth.Clip(clip, clipAsWritten, fps(), width(), height(), durationMs());
        return new SceneTruth(name(), description(), c, policy(), actors().stream().map(a -> a.truth(seat(a))).toList());
    }

    /**
     * Writes {@code name}.mp4 and {@code name}.json into {@code dir} (created if missing); the clip goes to a temporary
     * file first, so a run stopped halfway leaves no clip that looks complete.
     *
     * @return the scene file
     */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path clip = dir.resolve(name() + ".mp4");
        Path partial = Files.createTempFile(dir, name() + "-", ".mp4.partial");
        try {
            // A key frame every second, as cameras send by default.
            H264ClipWriter.write(this::frame, frames(), fps, fps, bitrate, partial);
            Files.move(partial, clip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        Path json = dir.resolve(name() + ".json");
        SceneFile.write(truth(clip, clip.getFileName().toString()), json);
        return json;
    }
}
