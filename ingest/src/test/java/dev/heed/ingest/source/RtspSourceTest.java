package dev.heed.ingest.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.ingest.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Against a real RTSP server (GStreamer's, run from Python). Skipped, with the reason, on a developer machine
 * without its Debian packages; in CI ({@code CI} set) it fails instead, because .ci/run installs them.
 */
class RtspSourceTest {
    private static final String PYTHON = "/usr/bin/python3";

    private static void assumeGstreamerRtspServer() throws InterruptedException {
        try {
            Process check = new ProcessBuilder(PYTHON, "-c", "import gi; gi.require_version('GstRtspServer', '1.0')")
                    .redirectErrorStream(true).start();
            boolean ok = check.waitFor(20, TimeUnit.SECONDS) && check.exitValue() == 0;
            check.destroy();
            requireOrSkip(ok, "GStreamer's RTSP server for Python is not installed (see src/test/resources/rtsp/serve_file.py)");
        } catch (IOException e) {
            requireOrSkip(false, PYTHON + " is not available: " + e.getMessage());
        }
    }

    private static void requireOrSkip(boolean available, String why) {
        if (System.getenv("CI") != null) {
            Assertions.assertTrue(available, why + "; .ci/run should have installed it");
        }
        Assumptions.assumeTrue(available, why);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void readsALiveStreamOverTcpWithCaptureTimesNeverAheadOfArrivalAndFailsWhenTheServerDies() throws Exception {
        assumeGstreamerRtspServer();
        Path script = Path.of(RtspSourceTest.class.getResource("/rtsp/serve_file.py").toURI());
        int port = freePort();
        Process server = new ProcessBuilder(PYTHON, script.toString(), Integer.toString(port), SharedData.clip().toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine(), "RTSP server did not start");
            String url = "rtsp://viewer:s3cret@127.0.0.1:" + port + "/clip";
            try (VideoSource src = VideoSource.open(url, new SourceOptions(5, true, false, Duration.ofSeconds(3), Duration.ofSeconds(3)))) {
                assertTrue(src.isLive());
                assertEquals("rtsp://***@127.0.0.1:" + port + "/clip", src.description());
                assertEquals(640, src.width());
                long previous = -1;
                for (int i = 0; i < 8; i++) {
                    VideoFrame f = src.next();
                    long now = System.currentTimeMillis();
                    // FFmpeg hands out about a second of probed frames in a burst: anchored at the first decoded
                    // frame, their capture times would lie ahead of the wall clock.
                    assertTrue(f.captureTimeMs() <= now + 5, "frame " + i + " captured " + (f.captureTimeMs() - now) + " ms in the future");
                    if (previous >= 0) {
                        assertEquals(200, f.captureTimeMs() - previous, 1, "sample step at " + i);
                    }
                    previous = f.captureTimeMs();
                }

                server.destroy();
                assertTrue(server.waitFor(10, TimeUnit.SECONDS));
                long t0 = System.nanoTime();
                VideoSourceException e = assertThrows(VideoSourceException.class, () -> {
                    while (true) {
                        src.next(); // buffered frames may still come out before the end is noticed
                    }
                });
                assertTrue((System.nanoTime() - t0) / 1e9 < 10, "noticing the dead server took too long");
                assertTrue(e.getMessage().contains("rtsp://***@127.0.0.1:" + port), e.getMessage());
                assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
            }
        } finally {
            server.destroyForcibly();
        }
    }
}
