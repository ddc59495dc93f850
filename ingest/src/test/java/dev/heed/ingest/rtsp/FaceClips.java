package dev.heed.ingest.rtsp;

import dev.heed.common.image.BgrImage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Video clips made of real face photos, encoded as H.264 in MP4 (FFmpeg's libopenh264 encoder, which the
 * bytedeco FFmpeg build has), the format GStreamer's RTSP test server serves without re-encoding and that
 * ingest decodes like any camera recording. Shared with other modules' tests through ingest's test-jar.
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
        return write(frames::get, frames.size(), fps, Math.max(1, fps / 2), 2_000_000, file);
    }

    /**
     * Writes frames 0 .. count-1 (all of the first frame's size) as H.264 in MP4.
     *
     * @param gop     frames from one key frame to the next
     * @param bitrate bits per second
     */
    public static Path write(IntFunction<BgrImage> frames, int count, int fps, int gop, int bitrate, Path file) throws Exception {
        BgrImage first = frames.apply(0);
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), first.width(), first.height())) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            rec.setVideoCodecName("libopenh264");
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(fps);
            rec.setVideoBitrate(bitrate);
            rec.setGopSize(gop);
            rec.start();
            Frame frame = new Frame(first.width(), first.height(), Frame.DEPTH_UBYTE, 3);
            for (int i = 0; i < count; i++) {
                BgrImage img = i == 0 ? first : frames.apply(i);
                if (img.width() != first.width() || img.height() != first.height()) {
                    throw new IllegalArgumentException("frame " + i + " is " + img.width() + "x" + img.height() + ", expected "
                            + first.width() + "x" + first.height());
                }
                ByteBuffer buf = (ByteBuffer) frame.image[0];
                buf.clear();
                buf.put(img.bgr());
                rec.record(frame, avutil.AV_PIX_FMT_BGR24);
            }
            rec.stop();
        }
        return file;
    }
}
