package dev.heed.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.rtsp.FaceClips;
import dev.heed.ingest.rtsp.RtspServer;
import dev.heed.kafka.embedded.EmbeddedKafka;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Camera credentials never reach logs, metrics, health output or error messages, on the paths where a URL is
 * most likely to be printed: connecting, losing a real RTSP server, and retrying a refused port. Everything the
 * process writes to stdout and stderr (slf4j and FFmpeg's own log lines) is captured while it happens.
 */
class CredentialRedactionTest {
    /** A password with the characters that break naive redaction ('@' and ':'), and a user name. */
    private static final String USER = "operator7";
    private static final String PASSWORD = "p@ss:W0rd-Secret";
    private static final String SECRET_PART = "W0rd-Secret";

    @TempDir
    Path dir;

    @Test
    void credentialsInCameraUrlsAppearNowhere() throws Exception {
        RtspServer.requireAvailable();
        Path clip = FaceClips.still(BgrImage.read(SharedData.faceImage("fairface_0007.jpg")), 6, 15, dir.resolve("one.mp4"));
        int refusedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            refusedPort = s.getLocalPort();
        }
        String refused = "rtsp://" + USER + ":" + PASSWORD + "@127.0.0.1:" + refusedPort + "/stream";

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(new Tee(out, captured), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8));
        PrometheusRegistry registry = new PrometheusRegistry();
        String health;
        String statuses;
        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1);
             RtspServer server = RtspServer.serve(clip)) {
            List<CameraConfig> cameras = List.of(
                    CameraConfig.of("lobby", server.url(USER + ":" + PASSWORD)),
                    CameraConfig.of("yard", refused));
            try (IngestService service = new IngestService(IngestConfig.withDefaults(cameras, SharedData.yunet()), kafka.settings(), registry)) {
                service.start();
                Await.until(() -> MetricsScrape.camera(registry, "heed_ingest_frames_sampled_total", "lobby") >= 3, Duration.ofSeconds(30),
                        () -> "lobby never streamed: " + service.cameraStatuses());
                server.kill();
                Await.until(() -> MetricsScrape.camera(registry, "heed_ingest_connect_failures_total", "lobby") >= 1
                                && MetricsScrape.camera(registry, "heed_ingest_connect_failures_total", "yard") >= 2,
                        Duration.ofSeconds(30), () -> "no reconnection attempts: " + service.cameraStatuses());
                health = service.healthDetail();
                statuses = service.cameraStatuses().toString();
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        ByteArrayOutputStream metrics = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(metrics, registry.scrape());

        // The URLs were printed (so this test would see a leak), with their user info replaced.
        assertTrue(logs.contains("rtsp://***@127.0.0.1:" + refusedPort), "the refused camera's URL is logged, redacted:\n" + tail(logs));
        for (String text : List.of(logs, metrics.toString(StandardCharsets.UTF_8), health, statuses)) {
            assertFalse(text.contains(SECRET_PART), "password leaked in:\n" + tail(text));
            assertFalse(text.contains(USER), "user name leaked in:\n" + tail(text));
        }
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }

    /** Writes to the real stream (so the build log keeps its output) and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
