package dev.heed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.rtsp.FaceClips;
import dev.heed.ingest.rtsp.RtspServer;
import dev.heed.kafka.embedded.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What heed ingest tells a person about its cameras: a line at each change of state (running, reconnecting and why,
 * running again after how long), and for a camera that keeps failing a summary each report interval (for how long,
 * how many failures, the last error), never a line per retry and never FFmpeg's raw lines; no credentials anywhere.
 * A real RTSP server (GStreamer) that is killed and restarted, and a camera whose port refuses connections.
 */
class CameraReportTest {
    private static final Path SHARED = Path.of(System.getProperty("heed.shared", "../shared")).toAbsolutePath().normalize();
    private static final String USER = "operator7";
    private static final String PASSWORD = "p@ss:W0rd-Secret";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern SUMMARY = Pattern.compile("camera yard: still reconnecting, for .* now: (\\d+) failure\\(s\\), the last: (.*)");

    @Test
    void eachChangeOfStateIsOneLineAndAFailingCameraIsSummarised(@TempDir Path dir) throws Exception {
        RtspServer.requireAvailable();
        Path clip = FaceClips.still(BgrImage.read(SHARED.resolve("data/faces/images/fairface_0007.jpg")), 60, 10, dir.resolve("lobby.mp4"));
        int refused = RtspServer.freePort();
        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1);
             RtspServer server = RtspServer.serve(clip)) {
            Path cameras = Files.writeString(dir.resolve("cameras.properties"), String.join("\n",
                    "camera.lobby.url=" + server.url(USER + ":" + PASSWORD),
                    "camera.yard.url=rtsp://" + USER + ":" + PASSWORD + "@127.0.0.1:" + refused + "/stream", ""));
            try (HeedProcess p = HeedProcess.start(dir, Map.of(), "ingest", "--bootstrap-servers", kafka.bootstrapServers(), "--http-port", "0",
                    "--cameras", cameras.toString(), "--report-interval-s", "2", "--reconnect-min-ms", "100", "--reconnect-max-ms", "300")) {
                p.awaitStderr(l -> l.contains("camera lobby: running: reading rtsp://***@127.0.0.1:" + server.port() + "/clip"), WAIT,
                        "saying the lobby camera runs");
                String failing = p.awaitStderr(l -> l.contains("camera yard: starting -> reconnecting: "), WAIT, "saying yard reconnects");
                assertTrue(failing.contains("rtsp://***@127.0.0.1:" + refused + "/stream") && failing.contains("Connection refused")
                        && failing.contains("retrying"), failing);
                p.awaitStderr(l -> SUMMARY.matcher(l).find(), WAIT, "summarising yard");
                p.awaitStderr(l -> SUMMARY.matcher(l).find() && failures(l) >= 10, WAIT, "summarising yard after 10 failures");

                server.kill();
                String lost = p.awaitStderr(l -> l.contains("camera lobby: running -> reconnecting: "), WAIT, "saying the lobby is lost");
                assertTrue(lost.contains("rtsp://***@127.0.0.1:" + server.port()), lost);
                server.start();
                String back = p.awaitStderr(l -> l.contains("camera lobby: running again, after "), WAIT, "saying the lobby is back");
                assertTrue(back.contains("failure(s)"), back);
            }
            // Read after the process has stopped: every line it wrote.
        }
    }

    @Test
    void noLinePerRetryNoFfmpegLinesAndNoCredentials(@TempDir Path dir) throws Exception {
        int refused = RtspServer.freePort();
        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1)) {
            String url = "rtsp://" + USER + ":" + PASSWORD + "@127.0.0.1:" + refused + "/stream";
            List<String> err;
            try (HeedProcess p = HeedProcess.start(dir, Map.of(), "ingest", "--bootstrap-servers", kafka.bootstrapServers(), "--http-port", "0",
                    "--camera-id", "yard", "--source", url, "--report-interval-s", "2", "--reconnect-min-ms", "50", "--reconnect-max-ms", "100")) {
                p.awaitStderr(l -> SUMMARY.matcher(l).find() && failures(l) >= 20, WAIT, "summarising yard after 20 failures");
                p.stop(WAIT);
                err = p.stderr();
            }
            int failures = err.stream().filter(l -> SUMMARY.matcher(l).find()).mapToInt(CameraReportTest::failures).max().orElseThrow();
            long yardLines = err.stream().filter(l -> l.contains("camera yard")).count();
            assertTrue(yardLines * 2 < failures, "a line per change and per interval, not per retry: " + yardLines + " lines for "
                    + failures + " failures:\n" + String.join("\n", err));
            assertEquals(1, err.stream().filter(l -> l.contains("camera yard: starting -> reconnecting")).count(), String.join("\n", err));
            for (String line : err) {
                assertFalse(line.contains("ffmpeg") || line.contains("[tcp @"), "FFmpeg's own line on stderr: " + line);
                assertFalse(line.contains(USER) || line.contains("W0rd-Secret"), "credentials on stderr: " + line);
            }
        }
    }

    private static int failures(String line) {
        Matcher m = SUMMARY.matcher(line);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
