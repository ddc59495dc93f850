package dev.heed.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The Grafana dashboards under docker/grafana/dashboards and the PromQL of their panels. */
final class Dashboards {
    private Dashboards() {
    }

    /** One query of one panel. */
    record Query(String dashboard, String panel, String refId, String expr) {
        @Override
        public String toString() {
            return dashboard + " / " + panel + " / " + refId + ": " + expr;
        }
    }

    static Path dir() {
        return Repo.docker().resolve("grafana/dashboards");
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(16 * 1024 * 1024);
        return (Map<String, Object>) new Yaml(options).load(Files.readString(file)); // JSON is YAML
    }

    @SuppressWarnings("unchecked")
    static List<Query> queries() throws IOException {
        List<Query> out = new ArrayList<>();
        for (Path f : files()) {
            Map<String, Object> d = parse(f);
            List<Map<String, Object>> panels = new ArrayList<>();
            for (Map<String, Object> p : (List<Map<String, Object>>) d.get("panels")) {
                panels.add(p);
                panels.addAll((List<Map<String, Object>>) p.getOrDefault("panels", List.of()));
            }
            for (Map<String, Object> p : panels) {
                for (Map<String, Object> t : (List<Map<String, Object>>) p.getOrDefault("targets", List.of())) {
                    out.add(new Query(String.valueOf(d.get("title")), String.valueOf(p.get("title")), String.valueOf(t.get("refId")),
                            String.valueOf(t.get("expr"))));
                }
            }
        }
        return out;
    }

    /** The query variables' definitions, e.g. label_values(metric, label), of every dashboard. */
    @SuppressWarnings("unchecked")
    static List<String> variableQueries() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path f : files()) {
            Map<String, Object> templating = (Map<String, Object>) parse(f).get("templating");
            for (Map<String, Object> v : (List<Map<String, Object>>) templating.get("list")) {
                if ("query".equals(v.get("type"))) {
                    out.add(String.valueOf(v.get("definition")));
                }
            }
        }
        return out;
    }
}
