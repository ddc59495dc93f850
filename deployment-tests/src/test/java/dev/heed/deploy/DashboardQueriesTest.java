package dev.heed.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.heed.evaluation.pipeline.LocalPipeline;
import dev.heed.common.http.OpsServer;
import dev.heed.common.service.Service;
import dev.heed.common.service.ServiceRunner;
import dev.heed.kafka.embedded.EmbeddedKafka;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.topics.Topics;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every panel of every dashboard shows data: a real Prometheus (Debian's) scrapes the whole pipeline running on a
 * real clip (real broker, ingest, inference and aggregator with the real models) and the JMX exporter agent the
 * images run, every 1 s; then each panel's PromQL, with its template variables filled in as Grafana would, is
 * evaluated over the HTTP API and must return at least one series with a number.
 */
class DashboardQueriesTest {
    private static final String CAMERA = "office-1";
    private static final Duration DEADLINE = Duration.ofSeconds(150);

    /** Grafana's variables as a 1 s scrape and a short test would give them. */
    static String substitute(String expr) {
        return expr.replace("$__rate_interval", "10s")
                .replace("$__interval", "5s")
                .replace("$__range", "5m")
                .replace("$camera", CAMERA);
    }

    @Test
    void everyPanelQueryReturnsDataFromPrometheusScrapingTheRunningPipeline(@TempDir Path tmp) throws Exception {
        List<Dashboards.Query> queries = Dashboards.queries();
        assertTrue(queries.size() >= 30, "dashboards have " + queries.size() + " queries");
        Path clip = Repo.shared().resolve("data/clips/office-turns.mp4");
        assertTrue(Files.isRegularFile(clip), clip + " missing");

        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1);
             ServiceRunner runner = new ServiceRunner()) {
            // The clip in real time, looped: a person looks at the camera, turns away (an alert), looks back.
            LocalPipeline pipeline = LocalPipeline.start(runner, kafka.settings(), new LocalPipeline.Plan(CAMERA, clip.toString(), 5, true, true));
            JvmMetrics.builder().register(pipeline.registry());
            OpsServer ops = runner.closeAtEnd(OpsServer.start(0, pipeline.registry(), pipeline.services()));
            awaitReady(pipeline.services(), Duration.ofSeconds(60));
            injectFaults(kafka);

            int agentPort = Integer.parseInt(System.getProperty("heed.jmx.port", "-1"));
            assertTrue(agentPort > 0, "the JMX exporter agent's port (system property heed.jmx.port, set by the pom)");
            Path config = Files.writeString(tmp.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: heed-demo
                        static_configs: [{targets: ["127.0.0.1:%d"]}]
                      - job_name: heed-kafka-clients
                        static_configs: [{targets: ["127.0.0.1:%d"]}]
                    """.formatted(ops.port(), agentPort));
            assertEquals(0, Processes.run(tmp, Duration.ofSeconds(30), List.of("promtool", "check", "config", config.toString())).exitCode());

            try (PrometheusServer prometheus = PrometheusServer.start(config, tmp)) {
                Map<Dashboards.Query, String> missing = new LinkedHashMap<>();
                queries.forEach(q -> missing.put(q, "not evaluated"));
                long deadline = System.nanoTime() + DEADLINE.toNanos();
                while (!missing.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(2000);
                    for (Dashboards.Query q : new ArrayList<>(missing.keySet())) {
                        List<Map<String, Object>> result = prometheus.query(substitute(q.expr()));
                        if (hasNumber(result)) {
                            missing.remove(q);
                        } else {
                            missing.put(q, result.isEmpty() ? "no series" : "only NaN: " + result);
                        }
                    }
                }
                if (!missing.isEmpty()) {
                    StringBuilder sb = new StringBuilder(missing.size() + " panel queries returned no data within " + DEADLINE + ":\n");
                    missing.forEach((q, why) -> sb.append("  ").append(q).append(" -> ").append(why).append('\n'));
                    sb.append("targets: ").append(prometheus.activeTargets()).append('\n').append(prometheus.log());
                    fail(sb.toString());
                }
                // The camera variable lists the camera, as Grafana's label_values() would.
                for (String def : Dashboards.variableQueries()) {
                    Matcher m = Pattern.compile("label_values\\((\\w+), (\\w+)\\)").matcher(def);
                    assertTrue(m.matches(), "variable query " + def);
                    assertEquals(List.of(CAMERA), prometheus.labelValues(m.group(2), m.group(1)), def);
                }
            }
        }
    }

    private static boolean hasNumber(List<Map<String, Object>> result) {
        for (Map<String, Object> series : result) {
            Object value = series.get("value");
            if (value instanceof List<?> v && v.size() == 2) {
                String s = String.valueOf(v.get(1));
                if (!s.equals("NaN") && !s.contains("Inf")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void awaitReady(List<Service> services, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (services.stream().allMatch(Service::isReady)) {
                return;
            }
            Thread.sleep(200);
        }
        fail("services not ready within " + timeout + ": " + services.stream().map(s -> s.name() + "=" + s.isReady()).toList());
    }

    /**
     * What the drop panels count, caused for real: a record on the crops topic that is not a FaceCrop (inference
     * dead-letters it), a pose with a non-finite angle (the aggregator rejects it) and a pose older than the
     * minute older than the person's previous one (later than the aggregator's grace, so counted late and dropped).
     */
    private static void injectFaults(EmbeddedKafka kafka) throws Exception {
        long now = System.currentTimeMillis();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.settings().producer("fault-injector"))) {
            producer.send(new ProducerRecord<>(Topics.FACE_CROPS.name(), CAMERA + "/9001", new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff})).get();
            producer.send(new ProducerRecord<>(Topics.POSE_EVENTS.name(), CAMERA + "/9002", pose(9002, now, Float.NaN).toByteArray())).get();
            producer.send(new ProducerRecord<>(Topics.POSE_EVENTS.name(), CAMERA + "/9003", pose(9003, now, 0f).toByteArray())).get();
            producer.send(new ProducerRecord<>(Topics.POSE_EVENTS.name(), CAMERA + "/9003", pose(9003, now - 60_000, 0f).toByteArray())).get();
        }
    }

    private static PoseEvent pose(long track, long captureMs, float yaw) {
        return PoseEvent.newBuilder().setSchemaVersion(Topics.SCHEMA_VERSION).setCameraId(CAMERA).setTrackId(track)
                .setCaptureTimeMs(captureMs).setEventTimeProducedMs(captureMs).setYawDeg(yaw).setPitchDeg(0).setRollDeg(0)
                .setModelName("fault-injector").build();
    }
}
