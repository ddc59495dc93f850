package dev.heed.aggregator.topology;

import java.util.Arrays;

/**
 * A person's finished away runs, as closed intervals [start, end] of event time (first to last away sample),
 * oldest first: what the visual time-sharing rule needs to know about the past. Immutable.
 *
 * <p>Only runs that can still count are kept: {@link #pruneEndingBefore} drops those older than the span.
 * The number of runs is capped; beyond the cap the two oldest are merged, which can only lengthen away time
 * (a time-sharing alert may come early, never be missed), and is counted by the caller.
 */
final class AwayIntervals {
    static final AwayIntervals NONE = new AwayIntervals(new long[0]);
    /** 30 s of one-sample away runs at 25 fps is 375 runs. */
    static final int MAX_RUNS = 512;

    /** start0, end0, start1, end1, ... */
    private final long[] bounds;

    private AwayIntervals(long[] bounds) {
        this.bounds = bounds;
    }

    static AwayIntervals of(long... bounds) {
        if (bounds.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of interval bounds");
        }
        for (int i = 0; i < bounds.length; i += 2) {
            if (bounds[i] > bounds[i + 1] || (i > 0 && bounds[i] < bounds[i - 1])) {
                throw new IllegalArgumentException("intervals must be ordered and not overlap: " + Arrays.toString(bounds));
            }
        }
        return bounds.length == 0 ? NONE : new AwayIntervals(bounds.clone());
    }

    int size() {
        return bounds.length / 2;
    }

    long start(int i) {
        return bounds[2 * i];
    }

    long end(int i) {
        return bounds[2 * i + 1];
    }

    /** End of the newest run, or Long.MIN_VALUE if there is none. */
    long lastEnd() {
        return bounds.length == 0 ? Long.MIN_VALUE : bounds[bounds.length - 1];
    }

    /** Adds a run that starts at or after the newest one ends; merges the two oldest beyond {@link #MAX_RUNS}. */
    AwayIntervals plus(long start, long end) {
        long[] b;
        if (size() < MAX_RUNS) {
            b = Arrays.copyOf(bounds, bounds.length + 2);
        } else {
            b = new long[bounds.length];
            b[0] = bounds[0];
            System.arraycopy(bounds, 3, b, 1, bounds.length - 3);
        }
        b[b.length - 2] = start;
        b[b.length - 1] = end;
        return of(b);
    }

    boolean atCapacity() {
        return size() >= MAX_RUNS;
    }

    AwayIntervals pruneEndingBefore(long t) {
        int first = 0;
        while (first < size() && end(first) < t) {
            first++;
        }
        return first == 0 ? this : first == size() ? NONE : new AwayIntervals(Arrays.copyOfRange(bounds, 2 * first, bounds.length));
    }

    /** Away time of these runs within [from, to], ms. */
    long total(long from, long to) {
        long sum = 0;
        for (int i = 0; i < size(); i++) {
            sum += overlap(start(i), end(i), from, to);
        }
        return sum;
    }

    /** Where the earliest away time within [from, ...] begins, or Long.MAX_VALUE if no run reaches past from. */
    long earliestFrom(long from) {
        for (int i = 0; i < size(); i++) {
            if (end(i) >= from) {
                return Math.max(start(i), from);
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * The first instant at or after the newest run's end at which the away time within the span ending there
     * falls below the threshold: total(t - span, t) &lt; threshold. After the newest run nothing is added, so
     * the total only falls, and the instant is exact to the millisecond.
     */
    long firstBelow(long thresholdMs, long spanMs) {
        long last = lastEnd();
        // remaining = away time at or after the start of run i (suffix sums).
        long remaining = total(Long.MIN_VALUE, Long.MAX_VALUE);
        if (remaining < thresholdMs) {
            return last;
        }
        for (int i = 0; i < size(); i++) {
            long after = remaining - (end(i) - start(i));
            if (after < thresholdMs) {
                // While the span's start x moves through run i, the total is (end - x) + after: it first falls
                // below the threshold at this x, which lies inside the run because remaining >= threshold.
                long x = end(i) + after - thresholdMs + 1;
                return Math.max(last, x + spanMs);
            }
            remaining = after;
        }
        return last;
    }

    static long overlap(long start, long end, long from, long to) {
        return Math.max(0, Math.min(end, to) - Math.max(start, from));
    }

    long[] bounds() {
        return bounds.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AwayIntervals a && Arrays.equals(bounds, a.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(start(i)).append("..").append(end(i));
        }
        return sb.append(']').toString();
    }
}
