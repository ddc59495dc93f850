package dev.heed.common.service;

import dev.heed.common.http.OpsServer;
import dev.heed.common.kafka.KafkaReachability;
import dev.heed.common.kafka.KafkaSettings;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import com.sun.net.httpserver.HttpHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every service's command does once its options are parsed, so all services start, expose
 * /metrics /healthz /readyz, and stop the same way: metrics on the process-wide registry (with the JVM's),
 * the ops endpoint, a {@link KafkaReachability} watch of the cluster (when given the Kafka settings), the service on a
 * {@link ServiceRunner}, and an exit code.
 */
public final class ServiceMain implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceMain.class);
    private static final AtomicBoolean JVM_METRICS_REGISTERED = new AtomicBoolean();

    private final ServiceRunner runner = new ServiceRunner();
    private final PrometheusRegistry registry = PrometheusRegistry.defaultRegistry;
    private final KafkaSettings kafka;
    private final Duration reportInterval;

    /** Without a watch of the Kafka cluster: the service's own readiness is all /readyz shows. */
    public ServiceMain() {
        this(null, null);
    }

    /**
     * With a watch of the Kafka cluster: when the brokers cannot be reached the log says so in one line, then every
     * {@code reportInterval}, and /readyz fails with the reason.
     */
    public ServiceMain(KafkaSettings kafka, Duration reportInterval) {
        this.kafka = kafka;
        this.reportInterval = reportInterval;
        if (JVM_METRICS_REGISTERED.compareAndSet(false, true)) {
            JvmMetrics.builder().register(registry);
        }
    }

    /** The registry the service must register its metrics on. */
    public PrometheusRegistry registry() {
        return registry;
    }

    public ServiceRunner runner() {
        return runner;
    }

    /** Serves the ops endpoint on the port (-1: none) and starts the service. */
    public <S extends Service> S start(S service, int httpPort) throws Exception {
        return start(service, httpPort, Map.of());
    }

    /**
     * As {@link #start(Service, int)}, with extra read-only paths on the ops endpoint (e.g. /people). The Kafka watch
     * starts before the service, so a service that waits for Kafka in its start is already reported on.
     */
    public <S extends Service> S start(S service, int httpPort, Map<String, ? extends HttpHandler> extraHandlers) throws Exception {
        List<Service> shown = List.of(service);
        if (kafka != null) {
            KafkaReachability watch = runner.closeAtEnd(new KafkaReachability(kafka, service.name(), reportInterval));
            watch.start();
            shown = List.of(watch, service);
        }
        if (httpPort != -1) {
            OpsServer ops = runner.closeAtEnd(OpsServer.start(httpPort, registry, shown, extraHandlers));
            log.info("{}: metrics and health{} on port {}", service.name(),
                    extraHandlers.isEmpty() ? "" : " and " + String.join(", ", extraHandlers.keySet()), ops.port());
        }
        return runner.start(service);
    }

    /** Waits for Ctrl-C, SIGTERM or the service's death; true if it died (exit 1). */
    public boolean awaitStopOrDeath(Service service) throws InterruptedException {
        return runner.awaitStop(null, List.of(service));
    }

    @Override
    public void close() {
        runner.close();
    }
}
