package dev.heed.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.topics.Topic;
import dev.heed.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/compose.yaml cannot be run here (no Docker engine), so its structure is checked: it parses, every file it
 * mounts exists, its images are the ones Jib builds, the services are locked down, and Prometheus' and Grafana's
 * provisioning point at what compose runs. The Prometheus config is checked by Debian's promtool.
 */
class ComposeTest {
    private static final Map<String, Integer> HEED_PORTS = Map.of("ingest", 9401, "inference", 9402, "aggregator", 9403);

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws Exception {
        return (Map<String, Object>) new Yaml().load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws Exception {
        return (Map<String, Map<String, Object>>) (Map<?, ?>) yaml(Repo.docker().resolve("compose.yaml")).get("services");
    }

    @SuppressWarnings("unchecked")
    private static List<String> volumes(Map<String, Object> service) {
        return (List<String>) service.getOrDefault("volumes", List.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> service) {
        return (Map<String, Object>) service.getOrDefault("environment", Map.of());
    }

    private static String pomProperty(String name) throws Exception {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">")
                .matcher(Files.readString(Repo.root().resolve("pom.xml")));
        assertTrue(m.find(), name + " not in the root pom");
        return m.group(1);
    }

    @Test
    void composeRunsKafkaTheServicesPrometheusAndGrafana() throws Exception {
        assertEquals(Set.of("kafka", "topics", "ingest", "inference", "aggregator", "prometheus", "grafana"), services().keySet());
    }

    @Test
    void everyMountedFileExists() throws Exception {
        List<String> missing = new ArrayList<>();
        services().forEach((name, s) -> {
            for (String v : volumes(s)) {
                String source = v.split(":")[0];
                if ((source.startsWith(".") || source.startsWith("/")) && !Files.exists(Repo.docker().resolve(source))) {
                    missing.add(name + ": " + source);
                }
            }
        });
        assertEquals(List.of(), missing);
        // The sample clip ingest reads, through its mount.
        Map<String, Object> ingest = services().get("ingest");
        String clipMount = volumes(ingest).stream().filter(v -> v.contains(":/clips")).findFirst().orElseThrow();
        String source = String.valueOf(environment(ingest).get("HEED_INGEST_SOURCE"));
        assertTrue(source.startsWith("/clips/"), source);
        assertTrue(Files.isRegularFile(Repo.docker().resolve(clipMount.split(":")[0]).resolve(source.substring("/clips/".length()))), source);
    }

    @Test
    void theServicesRunTheJibImagesLockedDown() throws Exception {
        String registry = pomProperty("heed.image.registry");
        String version = pomProperty("version");
        for (String name : HEED_PORTS.keySet()) {
            Map<String, Object> s = services().get(name);
            assertEquals(registry + "/heed-" + name + ":" + version, s.get("image"), name);
            assertEquals(Boolean.TRUE, s.get("read_only"), name + " root filesystem read-only");
            assertEquals(List.of("/tmp"), s.get("tmpfs"), name + " writes only to /tmp");
            assertEquals("kafka:9092", environment(s).get("HEED_BOOTSTRAP_SERVERS"), name);
            assertTrue(String.valueOf(s.get("depends_on")).contains("topics"), name + " waits for the topics");
            assertEquals(List.of(HEED_PORTS.get(name) + ":" + HEED_PORTS.get(name)), s.get("ports"), name);
        }
        // Kafka advertises what the services dial.
        assertTrue(String.valueOf(environment(services().get("kafka")).get("KAFKA_ADVERTISED_LISTENERS")).contains("//kafka:9092"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryServiceAndPassesPromtool() throws Exception {
        Path config = Repo.docker().resolve("prometheus/prometheus.yml");
        Processes.Result r = Processes.run(Repo.docker(), Duration.ofSeconds(60),
                List.of(Processes.require("promtool", "apt-get install prometheus (.ci/run does)"), "check", "config", config.toString()));
        assertEquals(0, r.exitCode(), r.output());
        Set<String> targets = new java.util.TreeSet<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) yaml(config).get("scrape_configs")) {
            for (Map<String, Object> sc : (List<Map<String, Object>>) job.get("static_configs")) {
                targets.addAll((List<String>) sc.get("targets"));
            }
        }
        for (Map.Entry<String, Integer> e : HEED_PORTS.entrySet()) {
            assertTrue(targets.contains(e.getKey() + ":" + e.getValue()), targets + " lacks " + e.getKey());
        }
        // Mounted where compose's Prometheus reads it.
        assertTrue(volumes(services().get("prometheus")).contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaIsProvisionedWithThePrometheusAndTheDashboards() throws Exception {
        Map<String, Object> grafana = services().get("grafana");
        Map<String, String> mounts = new LinkedHashMap<>();
        for (String v : volumes(grafana)) {
            String[] parts = v.split(":");
            mounts.put(parts[1], parts[0]);
        }
        Path datasources = Repo.docker().resolve(mounts.get("/etc/grafana/provisioning/datasources"));
        Path providers = Repo.docker().resolve(mounts.get("/etc/grafana/provisioning/dashboards"));
        Map<String, Object> ds = ((List<Map<String, Object>>) yaml(datasources.resolve("prometheus.yaml")).get("datasources")).get(0);
        assertEquals("prometheus", ds.get("type"));
        assertEquals("http://prometheus:9090", ds.get("url"));
        assertTrue(services().get("prometheus").get("ports").toString().contains("9090"));
        // The dashboards' data source variable defaults to the provisioned uid.
        for (Path f : Dashboards.files()) {
            List<Map<String, Object>> vars = (List<Map<String, Object>>) ((Map<String, Object>) Dashboards.parse(f).get("templating")).get("list");
            Map<String, Object> dsVar = vars.stream().filter(v -> "datasource".equals(v.get("type"))).findFirst().orElseThrow();
            assertEquals(ds.get("uid"), ((Map<String, Object>) dsVar.get("current")).get("value"), f.toString());
        }
        // The provider reads the folder the dashboards are mounted at.
        Map<String, Object> provider = ((List<Map<String, Object>>) yaml(providers.resolve("heed.yaml")).get("providers")).get(0);
        String path = String.valueOf(((Map<String, Object>) provider.get("options")).get("path"));
        assertEquals("./grafana/dashboards", mounts.get(path));
        String home = String.valueOf(environment(grafana).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"));
        assertTrue(home.startsWith(path + "/") && Files.isRegularFile(Dashboards.dir().resolve(home.substring(path.length() + 1))), home);
    }

    @Test
    void theTopicsScriptCreatesHeedsTopicsWithTheirSettings() throws Exception {
        String script = Files.readString(Repo.docker().resolve("kafka/create-topics.sh"));
        String list = script.substring(script.indexOf("<<'TOPICS'\n") + "<<'TOPICS'\n".length(), script.indexOf("\nTOPICS\n"));
        Map<String, Map<String, String>> scripted = new TreeMap<>();
        for (String line : list.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            scripted.put(parts[0], java.util.Arrays.stream(parts[1].split(","))
                    .collect(Collectors.toMap(kv -> kv.split("=")[0], kv -> kv.split("=")[1], (a, b) -> b, TreeMap::new)));
        }
        Map<String, Map<String, String>> expected = new TreeMap<>();
        for (Topic<String, ?> t : Topics.ALL) {
            expected.put(t.name(), new TreeMap<>(t.configs()));
        }
        assertEquals(expected, scripted);
        assertTrue(volumes(services().get("topics")).contains("./kafka/create-topics.sh:/heed/create-topics.sh:ro"));
    }
}
