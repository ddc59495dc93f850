package dev.heed.ingest.source;

import dev.heed.common.image.BgrImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.IntFunction;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Writes pictures as an H.264 clip in MP4 with FFmpeg's libopenh264 encoder (the one the bytedeco FFmpeg build
 * has): the format GStreamer's RTSP server serves without re-encoding and ingest decodes like any camera
 * recording. The services never write video; the tests' clips and the ingest benchmark's clip are made here, so
 * they are encoded alike.
 */
public final class H264ClipWriter {
    private H264ClipWriter() {
    }

    /**
     * Writes frames 0 .. count-1, all of the first frame's size.
     *
     * @param gop     frames from one key frame to the next
     * @param bitrate bits per second
     * @throws IllegalArgumentException if a frame's size differs from the first's
     * @throws IOException              if FFmpeg cannot write the file
     */
    public static Path write(IntFunction<BgrImage> frames, int count, int fps, int gop, int bitrate, Path file) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("a clip needs at least one frame, got " + count);
        }
        // FFmpeg's errors through slf4j, as when decoding; without it the encoder prints its whole set-up to stderr.
        FfmpegLogBridge.install();
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
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
