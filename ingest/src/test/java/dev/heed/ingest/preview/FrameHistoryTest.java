package dev.heed.ingest.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FrameHistoryTest {
    private static PreviewFrame frame(long t, int bytes) {
        return new PreviewFrame(t, new byte[bytes], "{}");
    }

    @Test
    void keepsAMinuteOfCaptureTime() {
        FrameHistory h = new FrameHistory(Duration.ofMinutes(1), 1L << 30);
        for (long t = 0; t <= 90_000; t += 200) {
            h.add(frame(t, 10));
        }
        assertEquals(301, h.size(), "30 s to 90 s at 5 frames a second");
        assertNull(h.at(29_800));
        assertEquals(30_000, h.all().get(0).captureTimeMs());
        assertEquals(301 * 10, h.bytes());
        PreviewFrame f = h.at(45_000);
        assertEquals(45_000, f.captureTimeMs());
        assertNull(h.at(45_100), "only frames taken at exactly that time");
    }

    @Test
    void theByteCapDropsTheOldestFirst() {
        FrameHistory h = new FrameHistory(Duration.ofMinutes(1), 1000);
        for (long t = 0; t < 20; t++) {
            h.add(frame(t * 200, 300));
        }
        assertEquals(3, h.size());
        assertEquals(900, h.bytes());
        assertEquals(3400, h.all().get(0).captureTimeMs());
        assertTrue(h.bytes() <= 1000);
    }

    @Test
    void aClockGoingBackStartsAfresh() {
        FrameHistory h = new FrameHistory(Duration.ofMinutes(1), 1L << 20);
        h.add(frame(10_000, 5));
        h.add(frame(10_200, 5));
        PreviewFrame restarted = frame(5_000, 5);
        h.add(restarted);
        assertEquals(1, h.size());
        assertSame(restarted, h.at(5_000));
    }

    @Test
    void neverMoreFramesThanTheCount() {
        FrameHistory h = new FrameHistory(Duration.ofMinutes(10), 1L << 30);
        for (long t = 0; t < FrameHistory.MAX_FRAMES + 500; t++) {
            h.add(frame(t, 1));
        }
        assertEquals(FrameHistory.MAX_FRAMES, h.size());
    }
}
