package dev.heed.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * helm/heed linted and rendered by real Helm (helm-java embeds Helm 3), the rendered manifests validated against
 * the Kubernetes, KEDA and Prometheus operator schemas (kubernetes-models via node), and what the issue asks of
 * the chart checked on the rendered objects.
 */
class HelmChartTest {
    private static final Helm CHART = new Helm(Repo.chart());
    /** The Kubernetes version rendered for (helm template assumes 1.20 otherwise, older than the chart supports). */
    static final String KUBE_VERSION = "1.31.0";

    private static TemplateCommand template() {
        return CHART.template().withName("heed").withKubeVersion(KUBE_VERSION);
    }

    /** The chart with two cameras, Kafka TLS/SASL from a Secret, GPU inference, KEDA and a ServiceMonitor. */
    private static TemplateCommand full() {
        return template().withNamespace("vision")
                .set("kafka.bootstrapServers", "kafka-0.kafka:9093,kafka-1.kafka:9093")
                .set("kafka.existingSecret", "heed-kafka-client")
                .set("ingest.cameras[0].id", "room-1").set("ingest.cameras[0].sourceSecret", "room-1-camera")
                .set("ingest.cameras[1].id", "lobby.cam").set("ingest.cameras[1].source", "rtsp://lobby-cam.local/stream")
                .set("ingest.cameras[1].sampleFps", "3")
                .set("inference.gpu.enabled", "true")
                .set("inference.autoscaling.enabled", "true")
                .set("inference.autoscaling.keda.authSecret", "heed-keda-kafka")
                .set("metrics.serviceMonitor.enabled", "true");
    }

    private static List<Map<String, Object>> render(TemplateCommand command) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(command.call())) {
            if (doc != null) {
                @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) doc;
                out.add(m);
            }
        }
        return out;
    }

    private static void assertValidAgainstKubernetesSchemas(List<Map<String, Object>> objects, Path tmp, String name) throws Exception {
        Path file = tmp.resolve(name + ".yaml");
        Files.writeString(file, new Yaml().dumpAll(objects.iterator()));
        Processes.Result r = NodeChecks.run("validate-manifests.mjs", List.of(file.toString()));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("checked " + objects.size() + " object(s): 0 problem(s)"), r.output());
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    private static Map<String, Object> named(List<Map<String, Object>> objects, String kind, String name) {
        return ofKind(objects, kind).stream().filter(o -> name.equals(map(o, "metadata").get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + objects.stream()
                        .map(o -> o.get("kind") + "/" + map(o, "metadata").get("name")).toList()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String... path) {
        Object cur = o;
        for (String p : path) {
            cur = ((Map<String, Object>) cur).get(p);
            assertNotNull(cur, "missing " + String.join(".", path));
        }
        return (Map<String, Object>) cur;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o, String... path) {
        Object cur = o;
        for (int i = 0; i < path.length - 1; i++) {
            cur = ((Map<String, Object>) cur).get(path[i]);
        }
        return (List<Map<String, Object>>) ((Map<String, Object>) cur).get(path[path.length - 1]);
    }

    private static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return map(deployment, "spec", "template", "spec");
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = list(podSpec(deployment), "containers");
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    private static String env(Map<String, Object> container, String name) {
        return list(container, "env").stream().filter(e -> name.equals(e.get("name"))).findFirst()
                .map(e -> e.containsKey("value") ? String.valueOf(e.get("value")) : "from:" + e.get("valueFrom"))
                .orElse(null);
    }

    @Test
    void lintsClean() {
        LintResult strict = CHART.lint().strict().call();
        assertFalse(strict.isFailed(), String.join("\n", strict.getMessages()));
    }

    @Test
    void defaultValuesRenderValidManifests(@TempDir Path tmp) throws Exception {
        List<Map<String, Object>> objects = render(template());
        // No camera configured: inference and aggregator only, nothing for ingest.
        assertEquals(2, ofKind(objects, "Deployment").size());
        assertTrue(ofKind(objects, "ScaledObject").isEmpty() && ofKind(objects, "ServiceMonitor").isEmpty());
        assertValidAgainstKubernetesSchemas(objects, tmp, "default");
    }

    @Test
    void fullValuesRenderValidManifestsWithWhatTheIssueAsks(@TempDir Path tmp) throws Exception {
        List<Map<String, Object>> objects = render(full());
        assertValidAgainstKubernetesSchemas(objects, tmp, "full");

        List<Map<String, Object>> deployments = ofKind(objects, "Deployment");
        assertEquals(List.of("heed-aggregator", "heed-inference", "heed-ingest-lobby-cam", "heed-ingest-room-1"),
                deployments.stream().map(d -> String.valueOf(map(d, "metadata").get("name"))).sorted().toList());
        for (Map<String, Object> d : deployments) {
            String name = String.valueOf(map(d, "metadata").get("name"));
            Map<String, Object> pod = podSpec(d);
            Map<String, Object> c = container(d);
            // Non-root, read-only root filesystem, nothing to escalate; /tmp writable.
            assertEquals(Boolean.TRUE, map(pod, "securityContext").get("runAsNonRoot"), name);
            assertEquals(10001, map(pod, "securityContext").get("runAsUser"), name);
            assertEquals(Boolean.TRUE, map(c, "securityContext").get("readOnlyRootFilesystem"), name);
            assertEquals(Boolean.FALSE, map(c, "securityContext").get("allowPrivilegeEscalation"), name);
            assertEquals(List.of("ALL"), map(c, "securityContext", "capabilities").get("drop"), name);
            assertTrue(list(c, "volumeMounts").stream().anyMatch(m -> "/tmp".equals(m.get("mountPath"))), name + " mounts /tmp");
            assertTrue(list(pod, "volumes").stream().anyMatch(v -> "tmp".equals(v.get("name")) && v.containsKey("emptyDir")), name);
            // Probes: alive on /healthz, ready on /readyz, on the ops port.
            assertEquals("/healthz", map(c, "livenessProbe", "httpGet").get("path"), name);
            assertEquals("/readyz", map(c, "readinessProbe", "httpGet").get("path"), name);
            assertEquals("http", map(c, "readinessProbe", "httpGet").get("port"), name);
            // Kafka: bootstrap servers, and TLS/SASL client settings from the Secret, mounted read-only.
            assertEquals("kafka-0.kafka:9093,kafka-1.kafka:9093", env(c, "HEED_BOOTSTRAP_SERVERS"), name);
            assertEquals("/etc/heed/kafka/client.properties", env(c, "HEED_KAFKA_CONFIG"), name);
            assertTrue(list(c, "volumeMounts").stream().anyMatch(m -> "/etc/heed/kafka".equals(m.get("mountPath")) && Boolean.TRUE.equals(m.get("readOnly"))), name);
            assertTrue(list(pod, "volumes").stream().anyMatch(v -> v.get("secret") != null
                    && "heed-kafka-client".equals(map(v, "secret").get("secretName"))), name);
            // The pod's labels are what its Service, PDB and ServiceMonitor select.
            assertEquals(map(d, "spec", "selector", "matchLabels").entrySet().stream().filter(e -> !e.getKey().equals("heed.dev/camera")).toList(),
                    map(d, "spec", "template", "metadata", "labels").entrySet().stream()
                            .filter(e -> !e.getKey().equals("heed.dev/camera")).toList(), name);
        }

        // Inference on GPU nodes.
        Map<String, Object> inference = named(objects, "Deployment", "heed-inference");
        assertEquals(1, map(container(inference), "resources", "limits").get("nvidia.com/gpu"));
        assertEquals("true", map(podSpec(inference), "nodeSelector").get("nvidia.com/gpu.present"));
        assertTrue(list(podSpec(inference), "tolerations").stream().anyMatch(t -> "nvidia.com/gpu".equals(t.get("key"))
                && "NoSchedule".equals(t.get("effect"))));
        assertTrue(String.valueOf(container(inference).get("image")).startsWith("ghcr.io/heed-dev/heed-inference-gpu:"));
        assertFalse(map(inference, "spec").containsKey("replicas"), "replicas are the autoscaler's");

        // A camera's URL comes from its Secret, never from the values.
        Map<String, Object> room = container(named(objects, "Deployment", "heed-ingest-room-1"));
        assertTrue(env(room, "HEED_INGEST_SOURCE").contains("room-1-camera"), env(room, "HEED_INGEST_SOURCE"));
        assertEquals("room-1", env(room, "HEED_INGEST_CAMERA_ID"));
        assertEquals("3", env(container(named(objects, "Deployment", "heed-ingest-lobby-cam")), "HEED_INGEST_SAMPLE_FPS"));

        // The aggregator's state on its own volume.
        Map<String, Object> aggregator = container(named(objects, "Deployment", "heed-aggregator"));
        assertEquals("/var/lib/heed/state", env(aggregator, "HEED_AGGREGATOR_STATE_DIR"));

        // Scaling inference on consumer lag with KEDA's Kafka scaler, authenticated from a Secret.
        Map<String, Object> scaled = named(objects, "ScaledObject", "heed-inference");
        assertEquals("heed-inference", map(scaled, "spec", "scaleTargetRef").get("name"));
        Map<String, Object> trigger = list(scaled, "spec", "triggers").get(0);
        assertEquals("kafka", trigger.get("type"));
        assertEquals("heed.face-crops.v1", map(trigger, "metadata").get("topic"));
        assertEquals("heed-inference", map(trigger, "metadata").get("consumerGroup"));
        assertEquals("heed-inference-kafka", map(trigger, "authenticationRef").get("name"));
        named(objects, "TriggerAuthentication", "heed-inference-kafka");

        // One PDB per service, each selecting its pods.
        for (String component : List.of("ingest", "inference", "aggregator")) {
            Map<String, Object> pdb = named(objects, "PodDisruptionBudget", "heed-" + component);
            assertEquals(component, map(pdb, "spec", "selector", "matchLabels").get("app.kubernetes.io/component"));
            named(objects, "Service", "heed-" + component);
        }

        // The ServiceMonitor scrapes every service's /metrics on its http port.
        Map<String, Object> endpoint = list(named(objects, "ServiceMonitor", "heed"), "spec", "endpoints").get(0);
        assertEquals("http", endpoint.get("port"));
        assertEquals("/metrics", endpoint.get("path"));

        // The dashboards ConfigMap carries docker/'s dashboards, for Grafana's sidecar.
        Map<String, Object> dashboards = named(objects, "ConfigMap", "heed-dashboards");
        assertEquals("1", map(dashboards, "metadata", "labels").get("grafana_dashboard"));
        for (Path f : Dashboards.files()) {
            assertEquals(Files.readString(f), map(dashboards, "data").get(f.getFileName().toString()), f.toString());
        }
    }

    @Test
    void hpaModeScalesOnTheLagMetric(@TempDir Path tmp) throws Exception {
        List<Map<String, Object>> objects = render(template()
                .set("inference.autoscaling.enabled", "true").set("inference.autoscaling.kind", "hpa"));
        assertValidAgainstKubernetesSchemas(objects, tmp, "hpa");
        Map<String, Object> hpa = named(objects, "HorizontalPodAutoscaler", "heed-inference");
        Map<String, Object> metric = list(hpa, "spec", "metrics").get(0);
        assertEquals("heed_kafka_consumer_records_lag", map(metric, "external", "metric").get("name"));
        assertTrue(ofKind(objects, "ScaledObject").isEmpty());
    }

    @Test
    void theSchemaCheckRejectsAWrongManifest(@TempDir Path tmp) throws Exception {
        List<Map<String, Object>> objects = render(template());
        // What a template slip produces: a string where Kubernetes wants an integer, and an object of unknown kind.
        map(named(objects, "Deployment", "heed-inference"), "spec").put("replicas", "1");
        objects = new ArrayList<>(objects);
        objects.add(Map.of("apiVersion", "heed.dev/v1", "kind", "Camera", "metadata", Map.of("name", "x")));
        Path file = tmp.resolve("wrong.yaml");
        Files.writeString(file, new Yaml().dumpAll(objects.iterator()));
        Processes.Result r = NodeChecks.run("validate-manifests.mjs", List.of(file.toString()));
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("Deployment heed-inference: ") && r.output().contains("/spec/replicas must be integer"), r.output());
        assertTrue(r.output().contains("no schema known for apiVersion heed.dev/v1"), r.output());
    }

    @Test
    void badValuesFailWithAClearMessage() {
        Map<String, UnaryOperator<TemplateCommand>> bad = Map.of(
                "camera id", t -> t.set("ingest.cameras[0].id", "room 1").set("ingest.cameras[0].source", "rtsp://x/y"),
                "needs a source", t -> t.set("ingest.cameras[0].id", "room-1"),
                "kind must be keda or hpa", t -> t.set("inference.autoscaling.enabled", "true").set("inference.autoscaling.kind", "vpa"),
                "replicas", t -> t.set("inference.replicas", "two"));
        bad.forEach((expected, values) -> {
            Exception e = assertThrows(Exception.class, () -> values.apply(template()).call(), expected);
            assertTrue(Objects.toString(e.getMessage()).contains(expected), expected + " not in: " + e.getMessage());
        });
    }
}
