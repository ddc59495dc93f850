package dev.heed.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards against Grafana's dashboard JSON schema (generated from @grafana/grafana-foundation-sdk's types,
 * validated with ajv, see js/validate-dashboards.mjs), and the chart's copies against docker/'s.
 */
class DashboardSchemaTest {
    private static List<String> paths(List<Path> files) {
        return files.stream().map(Path::toString).toList();
    }

    @Test
    void theDashboardsTheIssueAsksForAreThere() throws Exception {
        Set<String> uids = new java.util.TreeSet<>();
        for (Path f : Dashboards.files()) {
            uids.add(String.valueOf(Dashboards.parse(f).get("uid")));
        }
        assertEquals(Set.of("heed-attention-overview", "heed-person-drilldown", "heed-alerts", "heed-pipeline-health"), uids);
    }

    @Test
    void everyDashboardMatchesGrafanasSchema() throws Exception {
        Processes.Result r = NodeChecks.run("validate-dashboards.mjs", paths(Dashboards.files()));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("checked 4 dashboard(s)") && r.output().contains(": 0 problem(s)"), r.output());
    }

    @Test
    void theValidatorRejectsABrokenDashboard(@TempDir Path tmp) throws Exception {
        String good = Files.readString(Dashboards.dir().resolve("alerts.json"));
        // Three mistakes Grafana would not load as meant: a misspelt field, a string where a number goes, an unknown panel type.
        Path misspelt = Files.writeString(tmp.resolve("misspelt.json"), good.replaceFirst("\"gridPos\"", "\"gridPosition\""));
        Path wrongType = Files.writeString(tmp.resolve("wrong-type.json"), good.replaceFirst("\"schemaVersion\": 39", "\"schemaVersion\": \"39\""));
        Path unknownPanel = Files.writeString(tmp.resolve("unknown-panel.json"), good.replaceFirst("\"type\": \"timeseries\"", "\"type\": \"timeserie\""));
        List<String> files = new ArrayList<>(paths(List.of(misspelt, wrongType, unknownPanel)));
        Processes.Result r = NodeChecks.run("validate-dashboards.mjs", files);
        assertEquals(1, r.exitCode(), r.output());
        for (String f : List.of("misspelt.json", "wrong-type.json", "unknown-panel.json")) {
            assertTrue(r.output().lines().anyMatch(l -> l.contains(f)), f + " not reported:\n" + r.output());
        }
    }

    @Test
    void theChartShipsTheSameDashboards() throws Exception {
        Path chartDashboards = Repo.chart().resolve("dashboards");
        Set<String> docker = Dashboards.files().stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        try (var s = Files.list(chartDashboards)) {
            assertEquals(docker, s.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
        for (String name : docker) {
            assertEquals(Files.readString(Dashboards.dir().resolve(name)), Files.readString(chartDashboards.resolve(name)),
                    "helm/heed/dashboards/" + name + " differs from docker/grafana/dashboards/" + name + ": copy it over");
        }
    }
}
