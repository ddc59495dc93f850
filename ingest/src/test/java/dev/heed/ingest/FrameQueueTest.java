package dev.heed.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.source.VideoFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FrameQueueTest {
    private static VideoFrame frame(long n) {
        return new VideoFrame(new BgrImage(2, 2, new byte[12]), n, n * 40_000, 1_000 + 40 * n, System.nanoTime());
    }

    @Test
    void aFullQueueDropsItsOldestFrameAndNeverHoldsMoreThanItsCapacity() throws Exception {
        FrameQueue q = new FrameQueue(2);
        int dropped = 0;
        for (long n = 0; n < 10; n++) {
            dropped += q.offerDroppingOldest(frame(n));
            assertTrue(q.size() <= 2);
        }
        assertEquals(8, dropped);
        assertEquals(8, q.poll(0, TimeUnit.MILLISECONDS).frameNumber(), "the newest frames are kept, oldest first");
        assertEquals(9, q.poll(0, TimeUnit.MILLISECONDS).frameNumber());
        assertNull(q.poll(10, TimeUnit.MILLISECONDS));
    }

    @Test
    void putWaitsForRoomInsteadOfDropping() throws Exception {
        FrameQueue q = new FrameQueue(1);
        assertTrue(q.put(frame(0)));
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
            try {
                return q.put(frame(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertFalse(second.isDone(), "no room: the producer waits");
        assertEquals(0, q.poll(0, TimeUnit.MILLISECONDS).frameNumber());
        assertTrue(second.get(10, TimeUnit.SECONDS));
        assertEquals(1, q.poll(0, TimeUnit.MILLISECONDS).frameNumber());
    }

    @Test
    void closingLetsTheConsumerDrainThenEndsAndReleasesAWaitingProducer() throws Exception {
        FrameQueue q = new FrameQueue(1);
        VideoFrame last = frame(3);
        q.put(last);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return q.put(frame(4));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        q.close();
        assertFalse(waiting.get(10, TimeUnit.SECONDS), "a frame offered after closing is not taken");
        assertFalse(q.isDrained());
        assertSame(last, q.poll(0, TimeUnit.MILLISECONDS));
        assertTrue(q.isDrained());
        assertNull(q.poll(1, TimeUnit.SECONDS), "closed and empty: no wait");
        assertEquals(1, q.offerDroppingOldest(frame(5)), "closed: the frame itself is dropped");
    }
}
