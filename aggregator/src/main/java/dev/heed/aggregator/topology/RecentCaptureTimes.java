package dev.heed.aggregator.topology;

import java.util.Arrays;

/**
 * The capture times of a person's last {@link #CAPACITY} applied samples. A person's samples are applied in
 * strictly increasing capture time, so a sample at or before the newest one is either a redelivery of one of
 * these (a duplicate: inference restarted and produced its uncommitted batch again) or a sample that arrived
 * after a newer one (late). Redeliveries are the newest samples of a person (nothing newer was produced while
 * inference was down), so a short history tells them apart. Mutable; stored with the person's state.
 */
final class RecentCaptureTimes {
    /** 1.3 s at 25 fps, 6 s at the demo's 5 fps: longer than an inference batch of one person. */
    static final int CAPACITY = 32;

    /** Oldest first; times[size - 1] is the newest. */
    private final long[] times;
    private int size;

    RecentCaptureTimes() {
        this(new long[CAPACITY], 0);
    }

    private RecentCaptureTimes(long[] times, int size) {
        this.times = times;
        this.size = size;
    }

    /** Restores a history (oldest first); keeps at most the newest {@link #CAPACITY}. */
    static RecentCaptureTimes of(long... oldestFirst) {
        RecentCaptureTimes r = new RecentCaptureTimes();
        for (long t : oldestFirst) {
            r.add(t);
        }
        return r;
    }

    /** Adds a capture time newer than every one held; forgets the oldest beyond the capacity. */
    void add(long t) {
        if (size > 0 && t <= times[size - 1]) {
            throw new IllegalArgumentException("capture times must increase: " + t + " after " + times[size - 1]);
        }
        if (size == CAPACITY) {
            System.arraycopy(times, 1, times, 0, CAPACITY - 1);
            size--;
        }
        times[size++] = t;
    }

    boolean contains(long t) {
        return Arrays.binarySearch(times, 0, size, t) >= 0;
    }

    int size() {
        return size;
    }

    /** The i-th time, oldest first. */
    long get(int i) {
        return times[i];
    }

    void clear() {
        size = 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecentCaptureTimes r && Arrays.equals(times, 0, size, r.times, 0, r.size);
    }

    @Override
    public int hashCode() {
        return size == 0 ? 0 : Long.hashCode(times[size - 1]) * 31 + size;
    }

    @Override
    public String toString() {
        return Arrays.toString(Arrays.copyOf(times, size));
    }
}
