package dev.heed.ingest.rtsp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * GStreamer's real RTSP server (Debian's packages, driven from Python by src/test/resources/rtsp/serve_file.py)
 * serving an H.264 MP4 at rtsp://127.0.0.1:PORT/clip in real time. It can be killed and started again on
 * the same port, as a camera that reboots.
 */
public final class RtspServer implements AutoCloseable {
    private static final String PYTHON = "/usr/bin/python3";
    private static final long START_TIMEOUT_S = 20;

    private final int port;
    private final Path file;
    private Process process;
    private volatile long readyAtMs;

    private RtspServer(int port, Path file) {
        this.port = port;
        this.file = file;
    }

    /**
     * Skips the calling test, with the reason, on a developer machine without GStreamer's RTSP server; in CI
     * ({@code CI} set) fails instead, because .ci/run installs it.
     */
    public static void requireAvailable() throws InterruptedException {
        boolean ok;
        String why = "GStreamer's RTSP server for Python is not installed (see src/test/resources/rtsp/serve_file.py)";
        try {
            Process check = new ProcessBuilder(PYTHON, "-c", "import gi; gi.require_version('GstRtspServer', '1.0')")
                    .redirectErrorStream(true).start();
            ok = check.waitFor(20, TimeUnit.SECONDS) && check.exitValue() == 0;
            check.destroy();
        } catch (IOException e) {
            ok = false;
            why = PYTHON + " is not available: " + e.getMessage();
        }
        if (System.getenv("CI") != null) {
            Assertions.assertTrue(ok, why + "; .ci/run should have installed it");
        }
        Assumptions.assumeTrue(ok, why);
    }

    /** Serves the file on a free port; returns once the server accepts clients. */
    public static RtspServer serve(Path file) throws Exception {
        RtspServer server = new RtspServer(freePort(), file);
        server.start();
        return server;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** The stream's URL, with user info (credentials the server ignores) if given. */
    public String url(String userInfo) {
        return "rtsp://" + (userInfo == null ? "" : userInfo + "@") + "127.0.0.1:" + port + "/clip";
    }

    /** Wall-clock time the server last said it accepts clients, Unix epoch ms. */
    public long readyAtMs() {
        return readyAtMs;
    }

    /** Starts the server (again, after {@link #kill()}) on its port; returns once it accepts clients. */
    public synchronized void start() throws Exception {
        Path script = script();
        CountDownLatch ready = new CountDownLatch(1);
        StringBuilder output = new StringBuilder();
        process = new ProcessBuilder(PYTHON, script.toString(), Integer.toString(port), file.toString()).redirectErrorStream(true).start();
        Process p = process;
        // Drained for the server's whole life, so its warnings can never fill the pipe and block it.
        Thread drain = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.equals("ready")) {
                        readyAtMs = System.currentTimeMillis();
                        ready.countDown();
                    } else {
                        synchronized (output) {
                            output.append(line).append('\n');
                        }
                    }
                }
            } catch (IOException e) {
                // The process was killed.
            }
        }, "rtsp-server-" + port);
        drain.setDaemon(true);
        drain.start();
        if (!ready.await(START_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            synchronized (output) {
                throw new IllegalStateException("RTSP server on port " + port + " did not start in " + START_TIMEOUT_S + " s: " + output);
            }
        }
    }

    /** The server script: the resource itself, or a copy of it when this class runs from a jar (other modules' tests). */
    private static Path script() throws Exception {
        java.net.URL url = RtspServer.class.getResource("/rtsp/serve_file.py");
        if ("file".equals(url.getProtocol())) {
            return Path.of(url.toURI());
        }
        Path copy = java.nio.file.Files.createTempFile("heed-serve-file-", ".py");
        copy.toFile().deleteOnExit();
        try (java.io.InputStream in = url.openStream()) {
            java.nio.file.Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }

    /** Kills the server (SIGKILL: no goodbye to clients, as a power cut) and waits until it is gone. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
