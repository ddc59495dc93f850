package dev.heed.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

/**
 * A real Prometheus server (Debian's prometheus package) on 127.0.0.1 with its data in a temporary folder; stopped
 * (and waited for) on close, so no process is left behind.
 */
final class PrometheusServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static PrometheusServer start(Path config, Path workDir) throws Exception {
        String binary = Processes.require("prometheus", "apt-get install prometheus (.ci/run does)");
        int port = freePort();
        Path log = workDir.resolve("prometheus.log");
        Process p = new ProcessBuilder(binary, "--config.file=" + config, "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(p, port, log);
        try {
            server.awaitReady(Duration.ofSeconds(30));
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("prometheus not ready within " + timeout + ":\n" + Files.readString(log));
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> api(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = get(pathAndQuery);
        Map<String, Object> body = (Map<String, Object>) new Yaml().load(r.body());
        if (r.statusCode() != 200 || !"success".equals(body.get("status"))) {
            throw new IllegalArgumentException("prometheus answered " + r.statusCode() + ": " + r.body());
        }
        return body;
    }

    /** The result vector (or matrix) of an instant query; a PromQL error throws IllegalArgumentException. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> query(String promql) throws IOException, InterruptedException {
        Map<String, Object> data = (Map<String, Object>) api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).get("data");
        return (List<Map<String, Object>>) data.get("result");
    }

    /** The values of a label on the series matching the selector (what Grafana's label_values() variables list). */
    @SuppressWarnings("unchecked")
    List<String> labelValues(String label, String selector) throws IOException, InterruptedException {
        return (List<String>) api("/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8)).get("data");
    }

    /** Scrape targets with their health, e.g. {job=heed-demo, health=up}. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> activeTargets() throws IOException, InterruptedException {
        Map<String, Object> data = (Map<String, Object>) api("/api/v1/targets").get("data");
        return (List<Map<String, Object>>) data.get("activeTargets");
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
