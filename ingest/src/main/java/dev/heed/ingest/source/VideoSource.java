package dev.heed.ingest.source;

import dev.heed.common.image.BgrImage;
import dev.heed.common.security.Redactor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes a video file or an rtsp:// stream with FFmpeg and hands out frames sampled to a fixed rate, each
 * with a wall-clock capture time. One connection: a live stream that ends, fails or stalls throws, and the
 * caller opens a new one. Not thread-safe: one thread opens, reads and closes it (FFmpeg state must not be
 * freed while another thread is inside a read); only {@link #checkStalled()} may be called from another.
 */
public final class VideoSource implements AutoCloseable {
    private static final Pattern FFMPEG_ERROR_CODE = Pattern.compile("error (-\\d+)");

    private final String description;
    private final long openedAtMs;
    private final SourceOptions options;
    private final boolean live;
    private final FFmpegFrameGrabber grabber;
    private final int width;
    private final int height;
    private final long frameMicros;
    private final double sampleIntervalMicros;
    private final StallWatchdog watchdog;

    private long framesDecoded;
    private boolean ended;

    // The stream clock made continuous across loops: streamMicros = segmentOffsetMicros + (pts - segmentFirstPts).
    private long segmentFirstPts = Long.MIN_VALUE;
    private long segmentOffsetMicros;
    private long lastPts = Long.MIN_VALUE;
    private long lastStreamMicros = -1;
    private double nextSampleMicros;
    private long wallClockAtFirstFrameMs;
    private long nanoTimeAtFirstFrame;

    private VideoSource(String description, SourceOptions options, boolean live, FFmpegFrameGrabber grabber, long openedAtMs,
                        StallWatchdog watchdog) {
        this.watchdog = watchdog;
        this.openedAtMs = openedAtMs;
        this.description = description;
        this.options = options;
        this.live = live;
        this.grabber = grabber;
        this.width = grabber.getImageWidth();
        this.height = grabber.getImageHeight();
        double fps = grabber.getFrameRate();
        this.frameMicros = fps > 0 && fps < 1000 ? Math.round(1_000_000 / fps) : 40_000;
        this.sampleIntervalMicros = 1_000_000 / options.sampleFps();
    }

    /** True for rtsp:// sources (case-insensitive). */
    public static boolean isRtsp(String source) {
        return source.toLowerCase(Locale.ROOT).startsWith("rtsp://");
    }

    /**
     * Opens a video file, reads its header and closes it: whether FFmpeg can decode it, in a few milliseconds, before
     * anything that depends on it starts.
     *
     * @throws VideoSourceException with FFmpeg's reason if it cannot
     */
    public static void probe(String file) throws VideoSourceException {
        open(file, new SourceOptions(SourceOptions.DEFAULT_SAMPLE_FPS, false, false)).close();
    }

    /** Opens the source; a stall of a live stream shows only as the exception from {@link #next()}. */
    public static VideoSource open(String source, SourceOptions options) throws VideoSourceException {
        return open(source, options, () -> { });
    }

    /**
     * Opens the source and reads its stream header.
     *
     * @param source  a video file path or an rtsp:// URL (credentials in it are never logged)
     * @param onStall for a live stream, run once when it goes {@link SourceOptions#stallTimeout()} without a
     *                newer frame, by whichever thread notices first ({@link #next()} or {@link #checkStalled()})
     * @throws VideoSourceException if it cannot be opened or has no video stream
     */
    public static VideoSource open(String source, SourceOptions options, Runnable onStall) throws VideoSourceException {
        FfmpegLogBridge.install();
        boolean live = isRtsp(source);
        String description = live ? RtspUrl.redact(source) : Redactor.redactUrls(source);
        if (!live && !Files.isRegularFile(Path.of(source))) {
            throw new VideoSourceException("video file not found: " + description);
        }
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source);
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        // One decoding thread per camera (FFmpeg would start one per core for every camera): decoding a 720p
        // camera takes a few percent of a core, and its cost stays on the camera's own thread.
        grabber.setVideoOption("threads", "1");
        if (live) {
            // Interleaved TCP survives the packet loss that corrupts UDP-delivered frames; "timeout" is the only
            // read/connect timeout FFmpeg 8's RTSP demuxer honours (stimeout is gone, setTimeout() does nothing).
            grabber.setOption("rtsp_transport", "tcp");
            grabber.setOption("timeout", Long.toString(TimeUnit.MILLISECONDS.toMicros(options.rtspTimeout().toMillis())));
            // FFmpeg's probe otherwise waits for 20 frames to estimate the frame rate (2 s of a 10 fps camera) before
            // the first frame comes out, on every reconnection. Sampling uses the frames' own timestamps instead.
            grabber.setOption("fpsprobesize", "2");
        }
        long openedAtMs = System.currentTimeMillis();
        FfmpegLogBridge.clearLastError();
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            releaseQuietly(grabber);
            throw new VideoSourceException("cannot open video source " + description + ": " + ffmpegReason(e));
        }
        if (!grabber.hasVideo() || grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            releaseQuietly(grabber);
            throw new VideoSourceException("no video stream in " + description);
        }
        StallWatchdog watchdog = live ? new StallWatchdog(options.stallTimeout(), System.nanoTime(), onStall) : null;
        return new VideoSource(description, options, live, grabber, openedAtMs, watchdog);
    }

    /** The source with any credentials removed, for logs. */
    public String description() {
        return description;
    }

    public boolean isLive() {
        return live;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * True once a live stream has gone the stall timeout without a newer frame (never for files). Safe to call
     * from another thread while {@link #next()} blocks in a read: that is how a hung server is noticed on time.
     */
    public boolean checkStalled() {
        return watchdog != null && watchdog.check(System.nanoTime());
    }

    /** Frames decoded so far, sampled or not. */
    public long framesDecoded() {
        return framesDecoded;
    }

    /**
     * The next sampled frame, or null when a file has ended (and does not loop). With {@code realtime}, a file
     * source sleeps so that frames come out at the stream's own rate.
     *
     * @throws VideoSourceException if decoding fails or a live stream ends or stalls (no newer frame for the
     *                              stall timeout)
     * @throws InterruptedException if interrupted while pacing
     */
    public VideoFrame next() throws VideoSourceException, InterruptedException {
        while (!ended) {
            Frame frame = grab();
            // A hung RTSP server makes FFmpeg hand back its last buffered frame after each socket timeout: only a
            // newer timestamp is a new picture. The watchdog ends the connection when none comes.
            boolean fresh = frame != null && (segmentFirstPts == Long.MIN_VALUE || frame.timestamp > lastPts);
            if (live && fresh) {
                watchdog.fresh(System.nanoTime());
            }
            if (live && watchdog.check(System.nanoTime())) {
                throw new VideoSourceException("stream stalled: no new frame for " + options.stallTimeout().toMillis() + " ms from " + description);
            }
            if (frame == null) {
                if (live) {
                    throw new VideoSourceException("stream ended: " + description);
                }
                if (!options.loop() || framesDecoded == 0) {
                    ended = true;
                    return null;
                }
                rewind();
                continue;
            }
            if (!fresh) {
                continue;
            }
            long decodedAt = System.nanoTime();
            framesDecoded++;
            long frameNumber = framesDecoded - 1;
            long pts = frame.timestamp;
            if (segmentFirstPts == Long.MIN_VALUE) {
                segmentFirstPts = pts;
                if (lastStreamMicros < 0) {
                    // A live stream's first frame arrives while FFmpeg probes the stream (about a second of frames
                    // is buffered then handed out in a burst): the connect time is the better estimate of its
                    // capture. Anchoring at the burst would put every capture time about a second in the future.
                    wallClockAtFirstFrameMs = live ? openedAtMs : System.currentTimeMillis();
                    nanoTimeAtFirstFrame = decodedAt;
                    nextSampleMicros = segmentOffsetMicros;
                }
            }
            lastPts = pts;
            long streamMicros = segmentOffsetMicros + (pts - segmentFirstPts);
            lastStreamMicros = streamMicros;
            if (streamMicros < nextSampleMicros) {
                continue;
            }
            nextSampleMicros += sampleIntervalMicros;
            if (nextSampleMicros <= streamMicros) {
                // After a gap in the stream, sample from here on instead of emitting a burst to catch up.
                nextSampleMicros = streamMicros + sampleIntervalMicros;
            }
            BgrImage image = toBgrImage(frame);
            if (options.realtime() && !live) {
                pace(streamMicros);
            }
            long captureMs = wallClockAtFirstFrameMs + Math.round(streamMicros / 1000.0);
            if (live) {
                // A camera whose clock runs fast would drift into the future over a long connection; a frame
                // cannot have been captured after it was decoded.
                captureMs = Math.min(captureMs, System.currentTimeMillis());
            }
            return new VideoFrame(image, frameNumber, streamMicros, captureMs, decodedAt);
        }
        return null;
    }

    /**
     * FFmpeg's own words for the error code in a JavaCV message, e.g. "Invalid data found when processing input", and
     * its last error line on this thread when that says more ("moov atom not found").
     */
    static String ffmpegReason(Exception e) {
        String message = String.valueOf(e.getMessage());
        String said = FfmpegLogBridge.lastError();
        Matcher m = FFMPEG_ERROR_CODE.matcher(message);
        if (m.find()) {
            try {
                byte[] text = new byte[256];
                if (avutil.av_strerror(Integer.parseInt(m.group(1)), text, text.length) == 0) {
                    int end = 0;
                    while (end < text.length && text[end] != 0) {
                        end++;
                    }
                    String words = new String(text, 0, end, StandardCharsets.UTF_8);
                    boolean saysMore = said != null && !said.contains(words) && !words.contains(said);
                    return words + " (FFmpeg error " + m.group(1) + (saysMore ? ": " + said : "") + ")";
                }
            } catch (NumberFormatException tooLong) {
                // Not an int: fall through to the raw message.
            }
        }
        String redacted = Redactor.redactUrls(message);
        return said == null ? redacted : redacted + " (FFmpeg: " + said + ")";
    }

    private Frame grab() throws VideoSourceException {
        FfmpegLogBridge.clearLastError();
        try {
            return grabber.grabImage();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new VideoSourceException("cannot decode " + description + " after " + framesDecoded + " frames: " + ffmpegReason(e));
        }
    }

    private void rewind() throws VideoSourceException {
        try {
            grabber.setTimestamp(0);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new VideoSourceException("cannot loop " + description + ": " + ffmpegReason(e));
        }
        // The next pass continues the stream clock one frame after the last one, so capture times keep rising.
        segmentOffsetMicros = lastStreamMicros + frameMicros;
        segmentFirstPts = Long.MIN_VALUE;
        lastPts = Long.MIN_VALUE;
    }

    private void pace(long streamMicros) throws InterruptedException {
        long dueNanos = nanoTimeAtFirstFrame + streamMicros * 1000;
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
    }

    private BgrImage toBgrImage(Frame frame) throws VideoSourceException {
        if (frame.imageDepth != Frame.DEPTH_UBYTE || frame.imageChannels != 3 || !(frame.image[0] instanceof ByteBuffer buf)) {
            throw new VideoSourceException("unexpected decoded pixel layout from " + description + ": depth "
                    + frame.imageDepth + ", channels " + frame.imageChannels);
        }
        int w = frame.imageWidth;
        int h = frame.imageHeight;
        int rowBytes = w * 3;
        // FFmpeg pads rows to its alignment, so copy row by row honouring the stride.
        int stride = frame.imageStride >= rowBytes ? frame.imageStride : rowBytes;
        byte[] out = new byte[rowBytes * h];
        for (int y = 0; y < h; y++) {
            buf.get(y * stride, out, y * rowBytes, rowBytes);
        }
        return new BgrImage(w, h, out);
    }

    @Override
    public void close() {
        ended = true;
        releaseQuietly(grabber);
    }

    private static void releaseQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            // Closing only frees native memory; there is nothing a caller could do about a failure here.
        }
    }
}
