package dev.heed.ingest.source;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Waits between attempts to reach a camera: capped exponential backoff with "equal jitter" (half the delay
 * fixed, half random), so that many cameras behind one failed switch do not all retry in step, while the
 * wait never exceeds the cap: a camera is retried at least every {@code max}, which bounds how long after
 * its return it is streaming again. Reset once a connection delivers frames.
 */
public final class ReconnectBackoff {
    private final long minNanos;
    private final long maxNanos;
    private final DoubleSupplier random;
    private int failures;

    /**
     * @param min    delay after the first failure (before jitter)
     * @param max    cap on any delay
     * @param random uniform values in [0, 1)
     */
    public ReconnectBackoff(Duration min, Duration max, DoubleSupplier random) {
        if (min == null || max == null || min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + min + ", " + max);
        }
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more failure. */
    public Duration nextDelay() {
        long base = minNanos;
        for (int i = 0; i < failures && base < maxNanos; i++) {
            base *= 2;
        }
        base = Math.min(base, maxNanos);
        failures++;
        long half = base / 2;
        return Duration.ofNanos(half + (long) (random.getAsDouble() * (base - half)));
    }

    /** Failures since the last reset. */
    public int failures() {
        return failures;
    }

    /** The camera is streaming again: the next failure starts from the minimum delay. */
    public void reset() {
        failures = 0;
    }
}
