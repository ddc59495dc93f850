package dev.heed.common.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.heed.common.service.Service;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * The operations endpoint every service exposes: {@code /metrics} (Prometheus text format),
 * {@code /healthz} (200 while every service is alive) and {@code /readyz} (200 once every service is ready).
 * A service may add its own read-only endpoints beside them (the aggregator's interactive queries).
 */
public final class OpsServer implements AutoCloseable {
    private static final Set<String> BUILT_IN = Set.of("/metrics", "/healthz", "/readyz");

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds to the port (0 picks a free one) on all interfaces, so Prometheus can scrape from outside. */
    public static OpsServer start(int port, PrometheusRegistry registry, List<? extends Service> services) throws IOException {
        return start(port, registry, services, Map.of());
    }

    /**
     * As {@link #start(int, PrometheusRegistry, List)}, plus a handler per path (e.g. "/people"); a path
     * serves itself and everything below it. The built-in paths cannot be replaced.
     */
    public static OpsServer start(int port, PrometheusRegistry registry, List<? extends Service> services,
                                  Map<String, ? extends HttpHandler> extraHandlers) throws IOException {
        for (String path : extraHandlers.keySet()) {
            if (!path.startsWith("/") || path.length() < 2 || BUILT_IN.contains(path)) {
                throw new IllegalArgumentException("an extra ops endpoint needs its own path below /, not one of "
                        + BUILT_IN + ", got '" + path + "'");
            }
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
        server.createContext("/metrics", new MetricsHandler(registry));
        server.createContext("/healthz", ex -> respond(ex, services, Service::isAlive));
        server.createContext("/readyz", ex -> respond(ex, services, s -> s.isAlive() && s.isReady()));
        extraHandlers.forEach(server::createContext);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "heed-ops-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new OpsServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange ex, List<? extends Service> services, Predicate<Service> check) throws IOException {
        StringBuilder body = new StringBuilder();
        boolean ok = true;
        for (Service s : services) {
            boolean pass = check.test(s);
            ok &= pass;
            body.append(s.name()).append(pass ? " ok\n" : " failing\n");
            body.append(s.healthDetail());
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(ok ? 200 : 503, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
