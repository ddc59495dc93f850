package dev.heed.ingest.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.SharedData;
import dev.heed.ingest.rtsp.FaceClips;
import dev.heed.ingest.rtsp.HangingProxy;
import dev.heed.ingest.rtsp.RtspServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link VideoSource} against GStreamer's real RTSP server on 127.0.0.1. */
class RtspSourceTest {
    @TempDir
    static Path dir;
    private static Path clip;

    @BeforeAll
    static void makeClip() throws Exception {
        RtspServer.requireAvailable();
        BgrImage two = FaceClips.sideBySide(BgrImage.read(SharedData.faceImage("fairface_0007.jpg")),
                BgrImage.read(SharedData.faceImage("fairface_0010.jpg")));
        clip = FaceClips.still(two, 12, 15, dir.resolve("two-faces.mp4"));
    }

    @Test
    void readsALiveStreamOverTcpWithCaptureTimesNeverAheadOfArrivalAndFailsWhenTheServerDies() throws Exception {
        try (RtspServer server = RtspServer.serve(clip)) {
            String url = server.url("viewer:s3cret");
            try (VideoSource src = VideoSource.open(url, new SourceOptions(5, true, false))) {
                assertTrue(src.isLive());
                assertEquals("rtsp://***@127.0.0.1:" + server.port() + "/clip", src.description());
                assertEquals(896, src.width());
                long previous = -1;
                for (int i = 0; i < 6; i++) {
                    VideoFrame f = src.next();
                    long now = System.currentTimeMillis();
                    // FFmpeg hands out the frames it buffered while probing in a burst: anchored at the first decoded
                    // frame, their capture times would lie ahead of the wall clock.
                    assertTrue(f.captureTimeMs() <= now + 5, "frame " + i + " captured " + (f.captureTimeMs() - now) + " ms in the future");
                    if (previous >= 0) {
                        assertEquals(200, f.captureTimeMs() - previous, 1, "sample step at " + i);
                    }
                    previous = f.captureTimeMs();
                }

                server.kill();
                long t0 = System.nanoTime();
                VideoSourceException e = assertThrows(VideoSourceException.class, () -> {
                    while (true) {
                        src.next(); // buffered frames may still come out before the end is noticed
                    }
                });
                assertTrue((System.nanoTime() - t0) / 1e9 < 10, "noticing the dead server took too long");
                assertTrue(e.getMessage().contains("rtsp://***@127.0.0.1:" + server.port()), e.getMessage());
                assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
            }
        }
    }

    /**
     * The server hangs (socket open, nothing sent): FFmpeg returns the last buffered frame again after each socket
     * timeout. The watchdog, checked from another thread as the service's monitor does, sees no newer timestamp
     * for the stall timeout and reports the stall once, while the read is still blocked; the reader then fails
     * at its next return instead of passing stale pictures on.
     */
    @Test
    void aHungServerIsReportedAsStalledAfterTheStallTimeoutEvenWhileTheReadBlocks() throws Exception {
        try (RtspServer server = RtspServer.serve(clip); HangingProxy proxy = new HangingProxy(server.port())) {
            AtomicLong stalledAtMs = new AtomicLong();
            AtomicLong reports = new AtomicLong();
            Duration stall = Duration.ofMillis(1500);
            SourceOptions options = new SourceOptions(5, true, false, Duration.ofSeconds(2), stall);
            try (VideoSource src = VideoSource.open("rtsp://127.0.0.1:" + proxy.port() + "/clip", options, () -> {
                stalledAtMs.set(System.currentTimeMillis());
                reports.incrementAndGet();
            })) {
                for (int i = 0; i < 5; i++) {
                    src.next();
                }
                Thread monitor = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted() && !src.checkStalled()) {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                long hungAt = proxy.hang();
                monitor.start();
                VideoSourceException e = assertThrows(VideoSourceException.class, () -> {
                    while (true) {
                        src.next();
                    }
                });
                long failedAt = System.currentTimeMillis();
                monitor.interrupt();
                monitor.join(2000);
                assertTrue(e.getMessage().startsWith("stream stalled: no new frame for"), e.getMessage());
                assertEquals(1, reports.get(), "one stall, one report");
                long detectedAfter = stalledAtMs.get() - hungAt;
                System.out.printf("hung server: stall reported %d ms after the hang (stall timeout %d ms), reader failed after %d ms%n",
                        detectedAfter, stall.toMillis(), failedAt - hungAt);
                // Frames already in flight when the proxy hung still count as new: the stall clock starts after them.
                assertTrue(detectedAfter >= stall.toMillis() - 100 && detectedAfter < stall.toMillis() + 2000, "reported after " + detectedAfter + " ms");
                assertTrue(failedAt - hungAt < stall.toMillis() + options.rtspTimeout().toMillis() + 2000,
                        "reader failed after " + (failedAt - hungAt) + " ms");
            }
        }
    }

    @Test
    void aWrongPathOnARealServerFailsWithTheServersAnswer() throws Exception {
        try (RtspServer server = RtspServer.serve(clip)) {
            VideoSourceException e = assertThrows(VideoSourceException.class,
                    () -> VideoSource.open("rtsp://u:s3cret@127.0.0.1:" + server.port() + "/nope", new SourceOptions(5, true, false)));
            assertTrue(e.getMessage().contains("cannot open video source rtsp://***@127.0.0.1:" + server.port() + "/nope"), e.getMessage());
            assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
            System.out.println("wrong path: " + e.getMessage());
        }
    }
}
