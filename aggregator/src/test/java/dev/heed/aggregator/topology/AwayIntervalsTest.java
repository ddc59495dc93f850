package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AwayIntervalsTest {
    @Test
    void totalsCountOnlyTheOverlapWithTheSpan() {
        AwayIntervals a = AwayIntervals.of(0, 2000, 5000, 7000, 9000, 9000);
        assertEquals(4000, a.total(0, 30_000));
        assertEquals(1000 + 2000, a.total(1000, 8000));
        assertEquals(0, a.total(7000, 8999));
        assertEquals(1000, a.earliestFrom(1000));
        assertEquals(5000, a.earliestFrom(2001));
        assertEquals(9000, a.earliestFrom(9000), "a one-sample run touching the span counts from its start");
        assertEquals(Long.MAX_VALUE, a.earliestFrom(9001));
    }

    @Test
    void firstBelowMatchesABruteForceScanOnRandomRuns() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(8);
            long[] b = new long[2 * n];
            long t = rnd.nextInt(1000);
            for (int i = 0; i < n; i++) {
                b[2 * i] = t;
                t += rnd.nextInt(6000);
                b[2 * i + 1] = t;
                t += rnd.nextInt(9000);
            }
            AwayIntervals a = AwayIntervals.of(b);
            long threshold = 1 + rnd.nextInt(12_000);
            long span = threshold + rnd.nextInt(30_000);
            long expected = a.lastEnd();
            while (a.total(expected - span, expected) >= threshold) {
                expected++;
            }
            assertEquals(expected, a.firstBelow(threshold, span), a + " threshold " + threshold + " span " + span);
        }
    }

    @Test
    void pruningKeepsRunsThatCanStillCount() {
        AwayIntervals a = AwayIntervals.of(0, 2000, 5000, 7000);
        assertEquals(a, a.pruneEndingBefore(2000));
        assertEquals(AwayIntervals.of(5000, 7000), a.pruneEndingBefore(2001));
        assertEquals(AwayIntervals.NONE, a.pruneEndingBefore(7001));
    }

    @Test
    void beyondTheCapTheOldestRunsMergeSoAwayTimeIsNeverLost() {
        AwayIntervals a = AwayIntervals.NONE;
        for (int i = 0; i < AwayIntervals.MAX_RUNS; i++) {
            a = a.plus(i * 100L, i * 100L + 10);
        }
        assertTrue(a.atCapacity());
        long before = a.total(Long.MIN_VALUE, Long.MAX_VALUE);
        AwayIntervals more = a.plus(1_000_000, 1_000_010);
        assertEquals(AwayIntervals.MAX_RUNS, more.size());
        assertEquals(0, more.start(0));
        assertEquals(110, more.end(0));
        assertTrue(more.total(Long.MIN_VALUE, Long.MAX_VALUE) >= before + 10);
    }

    @Test
    void runsMustBeOrderedAndDisjoint() {
        assertThrows(IllegalArgumentException.class, () -> AwayIntervals.of(0, 10, 5, 20));
        assertThrows(IllegalArgumentException.class, () -> AwayIntervals.of(10, 0));
    }
}
