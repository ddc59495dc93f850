package dev.heed.ingest.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {
    private static final Duration MIN = Duration.ofMillis(250);
    private static final Duration MAX = Duration.ofSeconds(3);

    @Test
    void delaysDoubleUpToTheCapWithHalfOfEachRandom() {
        ReconnectBackoff lowest = new ReconnectBackoff(MIN, MAX, () -> 0.0);
        ReconnectBackoff highest = new ReconnectBackoff(MIN, MAX, () -> 0.999999);
        long[] bases = {250, 500, 1000, 2000, 3000, 3000, 3000};
        for (long base : bases) {
            assertEquals(base / 2, lowest.nextDelay().toMillis(), "lower bound of " + base);
            assertEquals(base, highest.nextDelay().toMillis(), 1, "upper bound of " + base);
        }
        for (int i = 0; i < 100; i++) {
            assertTrue(highest.nextDelay().compareTo(MAX) <= 0, "never beyond the cap");
        }
    }

    @Test
    void jitterSpreadsCamerasThatFailTogether() {
        Random random = new Random(42);
        List<Long> firstDelays = new ArrayList<>();
        for (int camera = 0; camera < 20; camera++) {
            ReconnectBackoff b = new ReconnectBackoff(MIN, MAX, random::nextDouble);
            b.nextDelay();
            b.nextDelay();
            firstDelays.add(b.nextDelay().toMillis());
        }
        long distinct = firstDelays.stream().distinct().count();
        assertTrue(distinct >= 15, "20 cameras retrying in step: " + firstDelays);
        assertTrue(firstDelays.stream().allMatch(d -> d >= 500 && d <= 1000), firstDelays.toString());
    }

    @Test
    void resetStartsAgainFromTheMinimum() {
        ReconnectBackoff b = new ReconnectBackoff(MIN, MAX, () -> 0.999999);
        for (int i = 0; i < 6; i++) {
            b.nextDelay();
        }
        assertEquals(6, b.failures());
        b.reset();
        assertEquals(0, b.failures());
        assertEquals(250, b.nextDelay().toMillis(), 1);
    }

    @Test
    void manyFailuresDoNotOverflow() {
        ReconnectBackoff b = new ReconnectBackoff(Duration.ofMillis(1), Duration.ofDays(1), () -> 0.5);
        Duration last = Duration.ZERO;
        for (int i = 0; i < 200; i++) {
            last = b.nextDelay();
        }
        assertTrue(!last.isNegative() && last.compareTo(Duration.ofDays(1)) <= 0, last.toString());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new ReconnectBackoff(Duration.ZERO, MAX, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new ReconnectBackoff(MAX, MIN, () -> 0));
    }
}
