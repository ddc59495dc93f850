package dev.heed.ingest.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StallWatchdogTest {
    private static final long S = 1_000_000_000L;

    @Test
    void stallsOnlyAfterTheTimeoutWithoutANewFrame() {
        AtomicInteger stalls = new AtomicInteger();
        StallWatchdog w = new StallWatchdog(Duration.ofSeconds(3), 0, stalls::incrementAndGet);
        assertFalse(w.check(2 * S));
        w.fresh(2 * S);
        assertFalse(w.check(4 * S), "a new frame at 2 s restarts the clock");
        assertFalse(w.check(5 * S - 1));
        assertTrue(w.check(5 * S));
        assertEquals(1, stalls.get());
        w.fresh(6 * S);
        assertTrue(w.check(6 * S), "a stall is final: the connection is replaced");
        assertEquals(1, stalls.get(), "reported once");
    }

    @Test
    void threadsCheckingAtOnceReportTheStallOnce() throws Exception {
        AtomicInteger stalls = new AtomicInteger();
        StallWatchdog w = new StallWatchdog(Duration.ofSeconds(1), 0, stalls::incrementAndGet);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int k = 0; k < 1000; k++) {
                    w.check(2 * S);
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, stalls.get());
    }
}
