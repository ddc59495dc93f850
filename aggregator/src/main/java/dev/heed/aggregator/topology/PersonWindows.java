package dev.heed.aggregator.topology;

import java.time.Duration;
import java.util.List;

/**
 * A person's tumbling windows of every configured size, kept in their {@link PersonState}. A window closes once
 * it is known that no more samples of the person fall into it: at their first sample at or after its end, or when
 * their camera's clock (see {@link CameraClocks}) passes its end. A person's samples are applied in event order,
 * so a closed window is final.
 */
final class PersonWindows {
    private final long[] sizesMs;

    PersonWindows(List<Duration> sizes) {
        sizesMs = sizes.stream().mapToLong(Duration::toMillis).toArray();
    }

    /** The latest window boundary (of any size) at or before t: a sample before it falls in a window that has closed. */
    long lastBoundary(long t) {
        long b = Long.MIN_VALUE;
        for (long size : sizesMs) {
            b = Math.max(b, Math.floorDiv(t, size) * size);
        }
        return b;
    }

    /** Removes the person's windows that end at or before t into {@code closed}; whether there were any. */
    static boolean closeEndingBy(PersonState st, long t, List<WindowAccumulator> closed) {
        boolean any = false;
        WindowAccumulator[] w = st.windows;
        for (int i = 0; i < w.length; i++) {
            if (w[i] != null && w[i].endMs() <= t) {
                closed.add(w[i]);
                w[i] = null;
                any = true;
            }
        }
        return any;
    }

    /** Adds the sample to the person's open window of each size, opening it if need be; close those it ends first. */
    void add(PersonState st, PoseSample s, boolean attending) {
        WindowAccumulator[] w = aligned(st);
        long t = s.timeMs();
        for (int i = 0; i < sizesMs.length; i++) {
            if (w[i] == null) {
                w[i] = WindowAccumulator.holding(t, sizesMs[i]);
            } else if (t >= w[i].endMs() || t < w[i].startMs()) {
                throw new IllegalStateException("sample at " + t + " outside the open window " + w[i] + "; close windows first");
            }
            w[i].add(s, attending);
        }
    }

    /** The person's windows, one slot per configured size in order; windows of sizes no longer configured are dropped. */
    private WindowAccumulator[] aligned(PersonState st) {
        WindowAccumulator[] w = st.windows;
        if (w.length == sizesMs.length) {
            boolean ok = true;
            for (int i = 0; i < w.length && ok; i++) {
                ok = w[i] == null || w[i].sizeMs == sizesMs[i];
            }
            if (ok) {
                return w;
            }
        }
        WindowAccumulator[] a = new WindowAccumulator[sizesMs.length];
        for (WindowAccumulator acc : w) {
            for (int i = 0; acc != null && i < sizesMs.length; i++) {
                if (acc.sizeMs == sizesMs[i]) {
                    a[i] = acc;
                }
            }
        }
        st.windows = a;
        return a;
    }
}
