package dev.heed.ingest.source;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Notices a live stream that has stopped delivering new pictures. Freshness is judged by the frames' own
 * timestamps, not by frames arriving: a hung RTSP server makes FFmpeg hand back its last buffered frame after
 * every socket timeout (STACK.md), so frames keep coming while the picture is frozen. Checked both by the
 * decoding thread after each read and by a monitor thread while that read blocks, so a stall is seen on
 * time either way; the stall is reported exactly once.
 */
public final class StallWatchdog {
    private final long timeoutNanos;
    private final Runnable onStall;
    private final AtomicBoolean stalled = new AtomicBoolean();
    private volatile long lastFreshNanos;

    /**
     * @param timeout   how long a stream may go without a newer frame
     * @param startNanos {@link System#nanoTime()} when watching starts (the connection opened)
     * @param onStall   run once, on the thread that notices the stall
     */
    public StallWatchdog(Duration timeout, long startNanos, Runnable onStall) {
        this.timeoutNanos = timeout.toNanos();
        this.lastFreshNanos = startNanos;
        this.onStall = onStall;
    }

    /** A frame with a newer timestamp than any before it came out of the decoder at {@code nanos}. */
    void fresh(long nanos) {
        lastFreshNanos = nanos;
    }

    /** True once the stream has stalled; the first call that finds it so runs the stall action. */
    public boolean check(long nowNanos) {
        if (stalled.get()) {
            return true;
        }
        if (nowNanos - lastFreshNanos < timeoutNanos) {
            return false;
        }
        if (stalled.compareAndSet(false, true)) {
            onStall.run();
        }
        return true;
    }
}
