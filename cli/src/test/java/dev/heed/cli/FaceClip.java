package dev.heed.cli;

import dev.heed.common.image.BgrImage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Writes a real video clip made of real face photos, each shown for a given time: the test fixture for
 * "looks at the camera, turns away, looks back". Encoded with FFmpeg's MPEG-4 encoder, which every FFmpeg
 * build has, into an .mp4 the ingest decodes like any camera recording.
 */
final class FaceClip {
    record Segment(Path image, double seconds) {
    }

    private final List<Segment> segments = new ArrayList<>();
    private final int fps;

    FaceClip(int fps) {
        this.fps = fps;
    }

    FaceClip show(Path image, double seconds) {
        segments.add(new Segment(image, seconds));
        return this;
    }

    /** Writes the clip; every image must have the size of the first. */
    Path writeTo(Path file) throws Exception {
        BgrImage first = BgrImage.read(segments.get(0).image());
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), first.width(), first.height())) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(fps);
            rec.setVideoBitrate(4_000_000); // high enough that the faces stay as photographed
            rec.setGopSize(fps);
            rec.start();
            for (Segment s : segments) {
                BgrImage img = BgrImage.read(s.image());
                if (img.width() != first.width() || img.height() != first.height()) {
                    throw new IllegalArgumentException(s.image() + " is " + img.width() + "x" + img.height() + ", expected "
                            + first.width() + "x" + first.height());
                }
                Frame frame = new Frame(img.width(), img.height(), Frame.DEPTH_UBYTE, 3);
                ((ByteBuffer) frame.image[0]).put(img.bgr());
                long frames = Math.round(s.seconds() * fps);
                for (long i = 0; i < frames; i++) {
                    rec.record(frame, avutil.AV_PIX_FMT_BGR24);
                }
            }
            rec.stop();
        }
        return file;
    }
}
