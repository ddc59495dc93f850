package dev.heed.deploy;

import java.io.IOException;
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

/**
 * One Heed service as its own JVM, started the way its image starts it (its main class, flags, the JMX exporter
 * agent with the images' rules), with stdout and stderr (its whole log) captured to a file.
 */
final class ServiceProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceProcess(String name, Process process, Path log, int httpPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    static ServiceProcess start(String name, String mainClass, Path workDir, List<String> args) throws IOException {
        int httpPort = PrometheusServer.freePort();
        int agentPort = PrometheusServer.freePort();
        Path agent = Repo.root().resolve("deployment-tests/target/agent/jmx_prometheus_javaagent.jar");
        Path agentConfig = Repo.docker().resolve("jmx-exporter/kafka-clients.yaml");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // An argument file: the test classpath is too long for a comfortable command line.
        Path argFile = workDir.resolve(name + ".args");
        List<String> jvmArgs = new ArrayList<>(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + workDir,
                // Kafka's clients at INFO, as in the images: they print their whole configuration at start.
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info", "-javaagent:" + agent + "=127.0.0.1:" + agentPort + ":" + agentConfig,
                "-cp", classpath, mainClass));
        Files.write(argFile, jvmArgs.stream().map(ServiceProcess::quote).toList(), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "@" + argFile));
        command.addAll(args);
        command.addAll(List.of("--http-port", Integer.toString(httpPort)));
        Path log = workDir.resolve(name + ".log");
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServiceProcess(name, p, log, httpPort);
    }

    private static String quote(String arg) {
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    String name() {
        return name;
    }

    /** HTTP status of a path on the ops port, or -1 if nothing answers (yet). */
    int status(String path) {
        try {
            return get(path).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    String metrics() throws IOException, InterruptedException {
        return get("/metrics").body();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of a sample line of /metrics starting with the prefix, e.g. {@code heed_aggregator_events_total{camera="x"}}. */
    double sample(String prefix) throws IOException, InterruptedException {
        for (String line : metrics().split("\n")) {
            if (line.startsWith(prefix + " ")) {
                return Double.parseDouble(line.substring(prefix.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to exit on its own; its exit code, or null if it still runs after the timeout. */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** SIGTERM (a graceful stop, as Kubernetes does), then SIGKILL if it has not exited within 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
