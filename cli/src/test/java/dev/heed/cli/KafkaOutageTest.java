package dev.heed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.rtsp.FaceClips;
import dev.heed.ingest.rtsp.HangingProxy;
import dev.heed.ingest.rtsp.RtspServer;
import dev.heed.kafka.embedded.EmbeddedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brokers out of reach, as a person at the terminal sees it: the service says so in its own words (which servers,
 * why, what it does), again only in a periodic summary, and when they answer; /readyz gives the reason; Kafka's own
 * client warnings stay out of the terminal unless HEED_KAFKA_LOG_LEVEL asks for them. The brokers "come back" as a
 * proxy opening on the port the service has been trying, in front of a real broker.
 */
class KafkaOutageTest {
    private static final Path SHARED = Path.of(System.getProperty("heed.shared", "../shared")).toAbsolutePath().normalize();
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void inferenceReportsTheOutageOnceThenInSummariesThenItsEnd() throws Exception {
        int port = RtspServer.freePort();
        String servers = "127.0.0.1:" + port;
        try (HeedProcess p = HeedProcess.start(dir, Map.of(), "inference", "--bootstrap-servers", servers, "--http-port", "0",
                "--report-interval-s", "2")) {
            int ops = p.opsPort(WAIT);
            String first = p.awaitStderr(l -> l.contains("kafka: cannot reach the brokers at " + servers), WAIT, "saying Kafka is out of reach");
            assertTrue(first.contains("connection refused") && first.contains("inference keeps retrying"), first);

            HttpResponse<String> ready = get(ops, "/readyz");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("kafka unreachable since ") && ready.body().contains(servers + ": connection refused"),
                    ready.body());

            String summary = p.awaitStderr(l -> l.contains("kafka: still cannot reach the brokers at " + servers), WAIT, "summarising the outage");
            assertTrue(summary.contains("failed checks") && summary.contains("connection refused"), summary);

            try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1);
                 HangingProxy brokers = new HangingProxy(port, portOf(kafka.bootstrapServers()))) {
                String back = p.awaitStderr(l -> l.contains("kafka: the brokers at " + servers + " answer again"), WAIT, "saying Kafka is back");
                assertTrue(back.contains("out of reach"), back);
                awaitStatus(ops, "/readyz", 200);
            }
            List<String> err = p.stderr();
            assertEquals(1, err.stream().filter(l -> l.contains("kafka: cannot reach")).count(), "the start once:\n" + p.stderrText());
            assertKafkaQuiet(err);
        }
    }

    @Test
    void theAggregatorSaysSoTooAndItsReadinessGivesTheReason() throws Exception {
        String servers = "127.0.0.1:" + RtspServer.freePort();
        try (HeedProcess p = HeedProcess.start(dir, Map.of(), "aggregator", "--bootstrap-servers", servers, "--http-port", "0")) {
            int ops = p.opsPort(WAIT);
            String first = p.awaitStderr(l -> l.contains("kafka: cannot reach the brokers at " + servers), WAIT, "saying Kafka is out of reach");
            assertTrue(first.contains("connection refused") && first.contains("aggregator keeps retrying"), first);
            HttpResponse<String> ready = get(ops, "/readyz");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("kafka unreachable since ") && ready.body().contains(servers + ": connection refused"),
                    ready.body());
            assertKafkaQuiet(p.stderr());
        }
    }

    @Test
    void ingestWaitsForKafkaThenReadsItsFileAndExitsZero() throws Exception {
        Path clip = FaceClips.still(BgrImage.read(SHARED.resolve("data/faces/images/fairface_0007.jpg")), 2, 10, dir.resolve("lobby.mp4"));
        int port = RtspServer.freePort();
        String servers = "127.0.0.1:" + port;
        try (HeedProcess p = HeedProcess.start(dir, Map.of(), "ingest", "--bootstrap-servers", servers, "--http-port", "0",
                "--camera-id", "lobby", "--source", clip.toString(), "--realtime=false")) {
            p.awaitStderr(l -> l.contains("ingest: waiting for Kafka at " + servers), WAIT, "saying it waits for Kafka");
            p.awaitStderr(l -> l.contains("kafka: cannot reach the brokers at " + servers), WAIT, "saying Kafka is out of reach");
            try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1);
                 HangingProxy brokers = new HangingProxy(port, portOf(kafka.bootstrapServers()))) {
                assertEquals(0, p.awaitExit(WAIT), p.stderrText());
            }
            assertTrue(p.stderrText().contains("camera lobby: finished"), p.stderrText());
            assertKafkaQuiet(p.stderr());
        }
    }

    @Test
    void topicsSaysWhyKafkaDoesNotAnswerAndExitsOne() throws Exception {
        int port = RtspServer.freePort();
        try (HeedProcess p = HeedProcess.start(dir, Map.of(), "topics", "--bootstrap-servers", "127.0.0.1:" + port)) {
            assertEquals(1, p.awaitExit(WAIT), p.stderrText());
            List<String> err = p.stderr();
            assertEquals("heed: topics failed: IllegalStateException Kafka at 127.0.0.1:" + port + " did not answer within 30 s: "
                    + "connection refused", err.get(err.size() - 1));
            assertKafkaQuiet(err);
        }
    }

    @Test
    void ingestExitsOneWhenHeedsTopicsAreMissing() throws Exception {
        Path clip = FaceClips.still(BgrImage.read(SHARED.resolve("data/faces/images/fairface_0007.jpg")), 1, 10, dir.resolve("lobby.mp4"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             HeedProcess p = HeedProcess.start(dir, Map.of(), "ingest", "--bootstrap-servers", kafka.bootstrapServers(), "--http-port", "-1",
                     "--camera-id", "lobby", "--source", clip.toString())) {
            assertEquals(1, p.awaitExit(WAIT), p.stderrText());
            List<String> err = p.stderr();
            String last = err.get(err.size() - 1);
            assertTrue(last.startsWith("heed: ingest failed: IllegalStateException Kafka at " + kafka.bootstrapServers() + " lacks topic(s)")
                    && last.contains("create Heed's topics first (heed topics)"), last);
        }
    }

    @Test
    void heedKafkaLogLevelBringsKafkasOwnLinesBack() throws Exception {
        int port = RtspServer.freePort();
        try (HeedProcess p = HeedProcess.start(dir, Map.of("HEED_KAFKA_LOG_LEVEL", "warn"), "inference", "--bootstrap-servers",
                "127.0.0.1:" + port, "--http-port", "-1")) {
            p.awaitStderr(l -> l.contains("NetworkClient") && l.contains("127.0.0.1:" + port), WAIT, "from Kafka's client");
        }
    }

    /** Nothing from Kafka's clients reaches the terminal by default. */
    private static void assertKafkaQuiet(List<String> err) {
        for (String line : err) {
            assertFalse(line.contains("NetworkClient") || line.contains("Node may not be available") || line.contains("Bootstrap broker"),
                    "a Kafka client line on stderr: " + line);
        }
    }

    private static int portOf(String bootstrapServers) {
        return Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitStatus(int port, String path, int status) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> last = get(port, path);
        while (last.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(250);
            last = get(port, path);
        }
        assertEquals(status, last.statusCode(), path + ": " + last.body());
    }
}
