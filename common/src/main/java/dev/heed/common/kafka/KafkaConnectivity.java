package dev.heed.common.kafka;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Whether a Kafka client (consumer, producer, Streams) holds at least one open connection to the cluster,
 * read from the client's own {@code connection-count} metric. Readiness uses it, so /readyz turns false when
 * Kafka goes away after start, not only before the first connection.
 */
public final class KafkaConnectivity {
    private KafkaConnectivity() {
    }

    /** @param clientMetrics {@code consumer.metrics()}, {@code producer.metrics()} or {@code streams.metrics()} */
    public static boolean connected(Map<MetricName, ? extends Metric> clientMetrics) {
        for (Map.Entry<MetricName, ? extends Metric> e : clientMetrics.entrySet()) {
            if ("connection-count".equals(e.getKey().name()) && e.getValue().metricValue() instanceof Number n && n.doubleValue() > 0) {
                return true;
            }
        }
        return false;
    }
}
