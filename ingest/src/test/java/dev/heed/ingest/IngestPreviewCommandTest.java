package dev.heed.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.ingest.preview.PreviewSettings;
import dev.heed.kafka.embedded.EmbeddedKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The preview is off unless asked for: {@code heed ingest} as an operator runs it (its own JVM, the real clip, a real
 * broker), once without and once with {@code --preview}, looked at over HTTP on its ops port.
 */
class IngestPreviewCommandTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static PreviewSettings preview(String... args) {
        IngestCommand cmd = new IngestCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.previewSettings(9401);
    }

    @Test
    void theFlagsAreCheckedAndThePreviewIsOffByDefault() {
        assertNull(preview(), "no preview unless asked");
        assertNull(preview("--preview-allow", "10.0.0.0/8"), "naming networks does not turn it on");
        PreviewSettings on = preview("--preview", "--preview-allow", "10.1.0.0/16");
        assertNotNull(on);
        assertEquals("loopback, 10.1.0.0/16", on.clients().toString());
        assertEquals("--preview-allow: 'cam-host' is not an IP address or network (e.g. 10.1.0.0/16)",
                assertThrows(IllegalArgumentException.class, () -> preview("--preview-allow", "cam-host")).getMessage());
        IngestCommand noPort = new IngestCommand();
        new CommandLine(noPort).parseArgs("--preview");
        assertEquals("--preview is served on the ops port: it needs --http-port other than -1",
                assertThrows(IllegalArgumentException.class, () -> noPort.previewSettings(-1)).getMessage());
    }

    @Test
    void theOpsPortServesThePreviewOnlyWithPreview(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1)) {
            try (Ingest ingest = Ingest.start(tmp, kafka.bootstrapServers())) {
                ingest.awaitUp();
                assertEquals(404, ingest.status("/preview/"), "off by default: nothing at /preview/");
                assertEquals(404, ingest.status("/preview/events?camera=cam"));
                assertEquals(404, ingest.status("/preview/frame?camera=cam&t=1"));
            }
            try (Ingest ingest = Ingest.start(tmp, kafka.bootstrapServers(), "--preview")) {
                ingest.awaitUp();
                HttpResponse<String> page = get(ingest.url("/preview/"));
                assertEquals(200, page.statusCode(), ingest.log());
                assertTrue(page.body().contains("<title>Heed live view</title>"));
                assertTrue(ingest.log().contains("preview on:") && ingest.log().contains("open to loopback"), ingest.log());
            }
        }
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** heed ingest in its own JVM on the looping clip, its log in a file. */
    private static final class Ingest implements AutoCloseable {
        private final Process process;
        private final Path log;
        private final int port;

        private Ingest(Process process, Path log, int port) {
            this.process = process;
            this.log = log;
            this.port = port;
        }

        static Ingest start(Path dir, String bootstrap, String... more) throws IOException {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            // The class path in an argument file: ONNX Runtime crashes on command lines over 4 KB (ingest/README.md).
            Path args = Files.createTempFile(dir, "ingest", ".args");
            Files.write(args, List.of("-cp", "\"" + System.getProperty("java.class.path") + "\""), StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                    // A native crash report goes with the test's files, never into the source tree.
                    "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), "@" + args, IngestCommand.class.getName(), "--bootstrap-servers", bootstrap, "--camera-id", "cam",
                    "--source", SharedData.clip().toString(), "--loop", "--detector-model", SharedData.yunet().toString(),
                    "--http-port", Integer.toString(port)));
            cmd.addAll(List.of(more));
            Path log = Files.createTempFile(dir, "ingest", ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new Ingest(p, log, port);
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        int status(String path) {
            try {
                return get(url(path)).statusCode();
            } catch (IOException | InterruptedException e) {
                return -1;
            }
        }

        /** Until its ops port answers /readyz with 200 (the camera runs). */
        void awaitUp() throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (status("/readyz") != 200) {
                assertTrue(process.isAlive(), "ingest exited: " + log());
                assertTrue(System.nanoTime() < deadline, "ingest not ready in 60 s: " + log());
                Thread.sleep(200);
            }
        }

        String log() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
