package dev.heed.aggregator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens when a stream thread dies. A transient failure (a retriable Kafka error anywhere in
 * the cause chain: broker unreachable, timeout, leader moved) gets a fresh thread, which resumes from the
 * last commit. Anything else (a bug, a corrupt store, a full suppression buffer) would fail the same way
 * again, so the client shuts down and the service reports itself dead. Replacements are also budgeted, so
 * a "transient" failure that keeps recurring cannot loop forever.
 */
public final class StreamThreadFailureHandler implements StreamsUncaughtExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(StreamThreadFailureHandler.class);

    private final int maxReplacements;
    private final Duration period;
    private final Clock clock;
    private final Runnable onFatal;
    private final Deque<Long> replacements = new ArrayDeque<>();

    /**
     * @param maxReplacements threads replaced at most this many times within {@code period}
     * @param onFatal         called before the client is shut down
     */
    public StreamThreadFailureHandler(int maxReplacements, Duration period, Clock clock, Runnable onFatal) {
        this.maxReplacements = maxReplacements;
        this.period = period;
        this.clock = clock;
        this.onFatal = onFatal;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        if (isTransient(exception)) {
            long now = clock.millis();
            while (!replacements.isEmpty() && replacements.peekFirst() <= now - period.toMillis()) {
                replacements.removeFirst();
            }
            if (replacements.size() < maxReplacements) {
                replacements.addLast(now);
                log.warn("stream thread failed transiently, replacing it ({} of {} replacements allowed per {}): {}",
                        replacements.size(), maxReplacements, period, exception.toString());
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            log.error("stream thread failed transiently {} times within {}; giving up", replacements.size() + 1, period, exception);
        } else {
            log.error("stream thread failed; shutting down the aggregator", exception);
        }
        onFatal.run();
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }
}
