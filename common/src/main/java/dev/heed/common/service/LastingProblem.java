package dev.heed.common.service;

import java.time.Duration;
import java.util.Locale;

/**
 * A problem that lasts (Kafka out of reach, a camera that keeps failing) as the log tells it: one line when it starts,
 * a summary each report interval while it lasts (for how long, how many failures, the last error), one line when it
 * ends. The owner logs; this keeps the count and the clock, so every such report reads the same. Not thread-safe:
 * the owner synchronises.
 */
public final class LastingProblem {
    private final Duration reportInterval;
    private boolean active;
    private long sinceMs;
    private long sinceNanos;
    private long lastReportNanos;
    private int failures;
    private String lastError = "";
    private Duration lastDuration = Duration.ZERO;

    public LastingProblem(Duration reportInterval) {
        if (reportInterval == null || reportInterval.toMillis() < 1) {
            throw new IllegalArgumentException("the report interval must be positive, got " + reportInterval);
        }
        this.reportInterval = reportInterval;
    }

    /** Counts a failure; true if it starts the problem (the owner logs the start now, which counts as a report). */
    public boolean failed(String error) {
        return failed(error, Duration.ZERO);
    }

    /**
     * As {@link #failed(String)}, for a failure that took a while to show (a check that timed out): if it starts the
     * problem, the problem started that long ago.
     */
    public boolean failed(String error, Duration took) {
        lastError = error == null ? "" : error;
        if (active) {
            failures++;
            return false;
        }
        failures = 1;
        active = true;
        long now = System.nanoTime();
        sinceMs = System.currentTimeMillis() - took.toMillis();
        sinceNanos = now - took.toNanos();
        lastReportNanos = now;
        return true;
    }

    /** True, once per report interval, while the problem lasts: the owner logs a summary now. */
    public boolean summaryDue() {
        long now = System.nanoTime();
        if (!active || now - lastReportNanos < reportInterval.toNanos()) {
            return false;
        }
        lastReportNanos = now;
        return true;
    }

    /** Ends the problem; true if there was one (the owner logs the end now, with {@link #lasted()} and {@link #failures()}). */
    public boolean resolved() {
        if (!active) {
            return false;
        }
        active = false;
        lastDuration = Duration.ofNanos(System.nanoTime() - sinceNanos);
        return true;
    }

    public boolean active() {
        return active;
    }

    /** Wall-clock start of the current (or last) problem, Unix epoch ms. */
    public long sinceMs() {
        return sinceMs;
    }

    /** How long the current problem has lasted, or how long the last one lasted once resolved. */
    public Duration lasted() {
        return active ? Duration.ofNanos(System.nanoTime() - sinceNanos) : lastDuration;
    }

    /** Failures of the current problem (or of the last one, once resolved). */
    public int failures() {
        return failures;
    }

    public String lastError() {
        return lastError;
    }

    /** A duration as a person reads it: 850 ms, 12.3 s, 4 min 05 s, 2 h 07 min. */
    public static String describe(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
