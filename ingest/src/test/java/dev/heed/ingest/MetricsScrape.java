package dev.heed.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ingest metrics of a registry as a Prometheus scrape sees them. */
public final class MetricsScrape {
    private static final Pattern SAMPLE = Pattern.compile("^(heed_ingest_[a-z_]+\\{[^}]*\\}) (\\S+)$", Pattern.MULTILINE);

    private MetricsScrape() {
    }

    /** Series (with labels, as in the text format) to value. */
    public static Map<String, Double> of(PrometheusRegistry registry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        Map<String, Double> values = new HashMap<>();
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            values.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        assertFalse(values.isEmpty(), text);
        return values;
    }

    /** One camera's value of a metric, 0 if the series does not exist. */
    public static double camera(PrometheusRegistry registry, String metric, String camera) {
        return of(registry).getOrDefault(metric + "{camera=\"" + camera + "\"}", 0.0);
    }
}
