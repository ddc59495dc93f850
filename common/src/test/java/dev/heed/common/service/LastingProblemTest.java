package dev.heed.common.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LastingProblemTest {
    @Test
    void theFirstFailureStartsAProblemTheOthersCountTheEndIsSaidOnce() {
        LastingProblem p = new LastingProblem(Duration.ofHours(1));
        assertFalse(p.resolved(), "no problem yet");
        assertTrue(p.failed("refused"));
        assertFalse(p.failed("refused"));
        assertFalse(p.failed("timed out"));
        assertFalse(p.summaryDue(), "an hour has not passed");
        assertEquals(3, p.failures());
        assertEquals("timed out", p.lastError());
        assertTrue(p.resolved());
        assertFalse(p.resolved());
        assertEquals(3, p.failures(), "kept for the line that says it ended");
        assertTrue(p.failed("refused"), "a new problem");
        assertEquals(1, p.failures());
    }

    @Test
    void aFailureThatTookAWhileDatesTheProblemBack() {
        LastingProblem p = new LastingProblem(Duration.ofMinutes(1));
        long before = System.currentTimeMillis();
        p.failed("no answer", Duration.ofSeconds(5));
        assertTrue(p.sinceMs() <= before - 4_000, "started about 5 s ago");
        assertTrue(p.lasted().compareTo(Duration.ofSeconds(5)) >= 0);
    }

    @Test
    void durationsReadAsAPersonSaysThem() {
        assertEquals("850 ms", LastingProblem.describe(Duration.ofMillis(850)));
        assertEquals("12.3 s", LastingProblem.describe(Duration.ofMillis(12_340)));
        assertEquals("4 min 05 s", LastingProblem.describe(Duration.ofSeconds(245)));
        assertEquals("2 h 07 min", LastingProblem.describe(Duration.ofMinutes(127)));
        assertThrows(IllegalArgumentException.class, () -> new LastingProblem(Duration.ZERO));
    }
}
