package dev.heed.ingest.preview;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The preview over HTTP, wherever it is mounted (ingest's ops port under {@code /preview}, the demo's own server at
 * {@code /}). Below its path: the page ({@code /}, {@code view.js}, {@code view.css}, from the jar), the event
 * stream of a camera ({@code events?camera=ID}, server-sent events, see {@link PreviewEvents}) and its frames
 * ({@code frame?camera=ID&t=CAPTURE_TIME_MS}, JPEG). Clients that are not allowed get 403 before anything else;
 * nothing may be cached (no frame lands in a browser's disk cache).
 */
final class PreviewEndpoint implements HttpHandler {
    private static final String RESOURCES = "/dev/heed/ingest/preview/web/";
    private static final Map<String, String> PAGES = Map.of(
            "/", "index.html", "/index.html", "index.html", "/view.js", "view.js", "/view.css", "view.css");

    private final LivePreview preview;
    private final PreviewSettings settings;
    private final PreviewMetrics metrics;
    private final ExecutorService streams;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, byte[]> pages = new HashMap<>();

    PreviewEndpoint(LivePreview preview, PreviewSettings settings, PreviewMetrics metrics, ExecutorService streams) {
        this.preview = preview;
        this.settings = settings;
        this.metrics = metrics;
        this.streams = streams;
        for (String file : PAGES.values()) {
            pages.computeIfAbsent(file, PreviewEndpoint::resource);
        }
    }

    private static byte[] resource(String file) {
        try (InputStream in = PreviewEndpoint.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new IllegalStateException("preview page " + file + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            InetAddress client = ex.getRemoteAddress().getAddress();
            if (!settings.clients().permits(client)) {
                metrics.refused("client");
                text(ex, 403, "preview: " + client.getHostAddress() + " is not allowed to view (allowed: " + settings.clients()
                        + "; ingest's --preview-allow adds networks)\n");
                return;
            }
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                text(ex, 405, "preview: only GET\n");
                return;
            }
            String base = ex.getHttpContext().getPath();
            String path = ex.getRequestURI().getPath();
            String rest = base.equals("/") ? path : path.substring(base.length());
            if (rest.isEmpty()) {
                // The page's links are relative: it must be loaded as <base>/.
                ex.getResponseHeaders().set("Location", base + "/");
                send(ex, 301, "text/plain; charset=utf-8", new byte[0]);
                return;
            }
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            String page = PAGES.get(rest);
            if (page != null) {
                String type = page.endsWith(".js") ? "text/javascript; charset=utf-8"
                        : page.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
                send(ex, 200, type, pages.get(page));
            } else if (rest.equals("/events")) {
                events(ex, query.get("camera"));
            } else if (rest.equals("/frame")) {
                frame(ex, query.get("camera"), query.get("t"));
            } else {
                text(ex, 404, "preview: no such page: " + rest + "\n");
            }
        } catch (IOException | RuntimeException e) {
            ex.close();
            throw e;
        }
    }

    private void events(HttpExchange ex, String cameraId) throws IOException {
        CameraChannel channel = preview.channel(cameraId);
        if (channel == null) {
            text(ex, 404, "preview: no camera '" + cameraId + "'; cameras: " + preview.cameraIds() + "\n");
            return;
        }
        if (open.incrementAndGet() > settings.maxViewers()) {
            open.decrementAndGet();
            metrics.refused("viewers");
            text(ex, 503, "preview: " + settings.maxViewers() + " viewers already; try again later\n");
            return;
        }
        metrics.viewers(open.get());
        SseClient client = new SseClient(CameraChannel.CLIENT_QUEUE, channel::touch);
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        noStore(ex);
        ex.sendResponseHeaders(200, 0);
        Runnable done = () -> {
            channel.unsubscribe(client);
            metrics.viewers(open.decrementAndGet());
            ex.close();
        };
        if (!channel.subscribe(client)) {
            done.run();
            return;
        }
        try {
            // The stream is written on a thread of the preview's own: the server's threads stay free for other requests.
            streams.execute(() -> {
                try {
                    client.writeTo(ex.getResponseBody());
                } finally {
                    done.run();
                }
            });
        } catch (RejectedExecutionException stopping) {
            done.run();
        }
    }

    private void frame(HttpExchange ex, String cameraId, String t) throws IOException {
        CameraChannel channel = preview.channel(cameraId);
        long captureTimeMs;
        try {
            captureTimeMs = Long.parseLong(t);
        } catch (NumberFormatException e) {
            text(ex, 400, "preview: frame needs t=CAPTURE_TIME_MS\n");
            return;
        }
        PreviewFrame f = channel == null ? null : channel.frameAt(captureTimeMs);
        if (f == null) {
            text(ex, 404, "preview: frame not kept (older than the history, or never shown)\n");
            return;
        }
        send(ex, 200, "image/jpeg", f.jpeg());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static void noStore(HttpExchange ex) {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; img-src 'self' blob:; frame-ancestors 'none'");
    }

    private static void text(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        noStore(ex);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }
}
