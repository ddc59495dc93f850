package dev.heed.ingest;

import dev.heed.ingest.source.VideoFrame;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-over between a camera's decoding thread and its processing thread: a few frames at most. For a
 * live stream the decoder never waits: when the queue is full the oldest frame is dropped (and counted), so
 * a slow detector costs frames, never latency or memory, and the decoder keeps up with the camera. A file
 * read as fast as possible instead waits for room, so no frame is lost.
 */
final class FrameQueue {
    private final int capacity;
    private final ArrayDeque<VideoFrame> frames;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private boolean closed;

    FrameQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.frames = new ArrayDeque<>(capacity);
    }

    /**
     * Adds the frame, dropping the oldest queued frame if the queue is full.
     *
     * @return the number of frames dropped (0 or 1); the frame itself is dropped if the queue is closed
     */
    int offerDroppingOldest(VideoFrame frame) {
        lock.lock();
        try {
            if (closed) {
                return 1;
            }
            int dropped = 0;
            if (frames.size() >= capacity) {
                frames.pollFirst();
                dropped = 1;
            }
            frames.addLast(frame);
            notEmpty.signal();
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Adds the frame, waiting for room; returns false (frame not added) if the queue is closed. */
    boolean put(VideoFrame frame) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (frames.size() >= capacity && !closed) {
                notFull.await();
            }
            if (closed) {
                return false;
            }
            frames.addLast(frame);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The oldest frame, waiting up to the timeout; null if none came or the queue is closed and empty. */
    VideoFrame poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (frames.isEmpty() && !closed) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            VideoFrame f = frames.pollFirst();
            notFull.signal();
            return f;
        } finally {
            lock.unlock();
        }
    }

    /** No more frames will come: the consumer drains what is queued, then gets null. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True once closed and drained: the consumer has seen everything. */
    boolean isDrained() {
        lock.lock();
        try {
            return closed && frames.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return frames.size();
        } finally {
            lock.unlock();
        }
    }
}
