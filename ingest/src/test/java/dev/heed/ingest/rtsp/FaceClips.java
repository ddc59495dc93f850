package dev.heed.ingest.rtsp;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.source.H264ClipWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Test clips made of real face photos (H.264 in MP4, by {@link H264ClipWriter}). Shared with other modules' tests
 * through ingest's test-jar.
 */
public final class FaceClips {
    private FaceClips() {
    }

    /** A picture shown unchanged for a time: one shot of a clip. */
    public record Shot(BgrImage picture, double seconds) {
    }

    /** Photos placed side by side on one canvas, each at its own size; the canvas is as tall as the tallest. */
    public static BgrImage sideBySide(BgrImage... photos) {
        int width = 0;
        int height = 0;
        for (BgrImage p : photos) {
            width += p.width();
            height = Math.max(height, p.height());
        }
        width += width % 2;
        height += height % 2;
        byte[] canvas = new byte[width * height * 3];
        int x0 = 0;
        for (BgrImage p : photos) {
            for (int y = 0; y < p.height(); y++) {
                System.arraycopy(p.bgr(), y * p.width() * 3, canvas, (y * width + x0) * 3, p.width() * 3);
            }
            x0 += p.width();
        }
        return new BgrImage(width, height, canvas);
    }

    /** The picture, unchanged, for the given time: people sitting still in front of a camera. */
    public static Path still(BgrImage picture, double seconds, int fps, Path file) throws Exception {
        return shots(List.of(new Shot(picture, seconds)), fps, file);
    }

    /** The shots one after another, all of one size: a person facing the camera, turning away, facing it again. */
    public static Path shots(List<Shot> shots, int fps, Path file) throws Exception {
        List<BgrImage> frames = new ArrayList<>();
        for (Shot s : shots) {
            frames.addAll(Collections.nCopies((int) Math.round(s.seconds() * fps), s.picture()));
        }
        // A key frame every half second: a client joining (or rejoining) the stream decodes almost at once.
        return H264ClipWriter.write(frames::get, frames.size(), fps, Math.max(1, fps / 2), 2_000_000, file);
    }
}
