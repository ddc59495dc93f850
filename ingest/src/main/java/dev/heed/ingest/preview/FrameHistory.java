package dev.heed.ingest.preview;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last stretch of one camera's preview frames, for stepping back: at most {@code span} of capture time and at most
 * {@code maxBytes} of JPEG, the oldest dropped first. Not thread-safe: its {@link CameraChannel} guards it.
 */
final class FrameHistory {
    /** Frame count cap whatever the bytes: a minute at the highest sample rate (60 fps). */
    static final int MAX_FRAMES = 3600;

    private final long spanMs;
    private final long maxBytes;
    private final ArrayDeque<PreviewFrame> frames = new ArrayDeque<>();
    private long bytes;

    FrameHistory(Duration span, long maxBytes) {
        this.spanMs = span.toMillis();
        this.maxBytes = maxBytes;
    }

    void add(PreviewFrame f) {
        PreviewFrame last = frames.peekLast();
        if (last != null && f.captureTimeMs() <= last.captureTimeMs()) {
            // A camera restarted with an older clock (a file looping is monotonic): start afresh, steps stay in order.
            clear();
        }
        frames.addLast(f);
        bytes += f.jpeg().length;
        while (!frames.isEmpty() && (bytes > maxBytes || frames.size() > MAX_FRAMES
                || f.captureTimeMs() - frames.peekFirst().captureTimeMs() > spanMs)) {
            bytes -= frames.removeFirst().jpeg().length;
        }
    }

    /** The frame taken at exactly this capture time, or null if it is not (or no longer) kept. */
    PreviewFrame at(long captureTimeMs) {
        for (var it = frames.descendingIterator(); it.hasNext(); ) {
            PreviewFrame f = it.next();
            if (f.captureTimeMs() == captureTimeMs) {
                return f;
            }
            if (f.captureTimeMs() < captureTimeMs) {
                return null;
            }
        }
        return null;
    }

    List<PreviewFrame> all() {
        return new ArrayList<>(frames);
    }

    int size() {
        return frames.size();
    }

    long bytes() {
        return bytes;
    }

    void clear() {
        frames.clear();
        bytes = 0;
    }
}
