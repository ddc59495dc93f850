package dev.heed.ingest.preview;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The preview on an HTTP server of its own, bound to loopback, at {@code /}: how {@code heed demo --view} serves it. */
public final class PreviewServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private PreviewServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds 127.0.0.1 on the port (0: any free one). */
    public static PreviewServer start(LivePreview preview, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", preview.endpoint());
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "heed-preview-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new PreviewServer(server, executor);
    }

    /** The page's address, e.g. http://127.0.0.1:41234/. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
