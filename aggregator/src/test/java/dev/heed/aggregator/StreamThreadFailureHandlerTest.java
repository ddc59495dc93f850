package dev.heed.aggregator;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class StreamThreadFailureHandlerTest {
    private final AtomicInteger fatal = new AtomicInteger();

    @Test
    void aRetriableCauseReplacesTheThread() {
        StreamThreadFailureHandler h = new StreamThreadFailureHandler(3, Duration.ofMinutes(1), Clock.systemUTC(), fatal::incrementAndGet);
        assertEquals(REPLACE_THREAD, h.handle(new StreamsException("send failed", new TimeoutException("broker gone"))));
        assertEquals(0, fatal.get());
    }

    @Test
    void anythingElseShutsTheClientDown() {
        StreamThreadFailureHandler h = new StreamThreadFailureHandler(3, Duration.ofMinutes(1), Clock.systemUTC(), fatal::incrementAndGet);
        assertEquals(SHUTDOWN_CLIENT, h.handle(new StreamsException("bug", new IllegalStateException("x"))));
        assertEquals(1, fatal.get());
    }

    @Test
    void replacementsAreBudgetedPerPeriod() {
        MutableClock clock = new MutableClock();
        StreamThreadFailureHandler h = new StreamThreadFailureHandler(2, Duration.ofMinutes(1), clock, fatal::incrementAndGet);
        TimeoutException transientFailure = new TimeoutException("t");
        assertEquals(REPLACE_THREAD, h.handle(transientFailure));
        assertEquals(REPLACE_THREAD, h.handle(transientFailure));
        clock.millis += 61_000;
        assertEquals(REPLACE_THREAD, h.handle(transientFailure), "the budget refills after the period");
        assertEquals(REPLACE_THREAD, h.handle(transientFailure));
        assertEquals(SHUTDOWN_CLIENT, h.handle(transientFailure));
        assertEquals(1, fatal.get());
    }

    private static final class MutableClock extends Clock {
        long millis = 1_000_000;

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
