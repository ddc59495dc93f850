package dev.heed.ingest.source;

import java.time.Duration;

/**
 * How a {@link VideoSource} reads its stream.
 *
 * @param sampleFps    frames per second to keep, by the stream's own timestamps; (0, 60]
 * @param realtime     for files: emit frames no faster than the stream's own rate, so a file behaves like a
 *                     camera; false reads as fast as possible. Live streams are paced by the camera already.
 * @param loop         for files: start again from the beginning at the end instead of finishing
 * @param rtspTimeout  for rtsp://: how long one socket operation (connect, a read) may block
 * @param stallTimeout for rtsp://: a stream that yields no frame with a newer timestamp for this long has
 *                     stalled (a hung server makes FFmpeg repeat its last buffered frame, see STACK.md)
 */
public record SourceOptions(double sampleFps, boolean realtime, boolean loop, Duration rtspTimeout, Duration stallTimeout) {
    public static final double DEFAULT_SAMPLE_FPS = 5.0;
    public static final double MAX_SAMPLE_FPS = 60.0;
    public static final Duration DEFAULT_RTSP_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(3);

    public SourceOptions {
        if (!(sampleFps > 0 && sampleFps <= MAX_SAMPLE_FPS)) {
            throw new IllegalArgumentException("sample fps must be in (0, " + MAX_SAMPLE_FPS + "], got " + sampleFps);
        }
        if (rtspTimeout == null || rtspTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("RTSP timeout must be at least 1 ms, got " + rtspTimeout);
        }
        if (stallTimeout == null || stallTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("stall timeout must be at least 1 ms, got " + stallTimeout);
        }
    }

    /** Files or streams with the default timeouts. */
    public SourceOptions(double sampleFps, boolean realtime, boolean loop) {
        this(sampleFps, realtime, loop, DEFAULT_RTSP_TIMEOUT, DEFAULT_STALL_TIMEOUT);
    }
}
