package dev.heed.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the cameras file and applies each new version as a whole. It compares contents rather than
 * modification times (coarse on some file systems, and Kubernetes swaps ConfigMap files through symlinks),
 * polling a file of a few hundred bytes once a second. A version that does not parse or validate is
 * rejected with a message naming the key and counted; the running cameras stay as they are.
 */
final class CamerasFileWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CamerasFileWatcher.class);
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private final CamerasFile file;
    private final Consumer<List<CameraConfig>> apply;
    private final IngestMetrics metrics;
    private final Thread thread;
    private volatile boolean closed;
    private byte[] lastSeen;
    private boolean unreadableReported;

    /** @param apply applies a valid version (added, removed and changed cameras) */
    CamerasFileWatcher(CamerasFile file, Consumer<List<CameraConfig>> apply, IngestMetrics metrics) {
        this.file = file;
        this.apply = apply;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "heed-ingest-cameras-watch");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        boolean first = true;
        while (!closed) {
            try {
                check(first);
                first = false;
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // Never let the watcher die: the next change must still be seen.
                log.error("cameras file {}: unexpected error while applying a change: {}", file.path(), e.toString());
            }
        }
    }

    private void check(boolean first) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.path());
        } catch (IOException e) {
            // Mid-replacement or deleted: keep the cameras, say so once, look again next time.
            if (!unreadableReported) {
                log.warn("cameras file {} cannot be read ({}); keeping the running cameras", file.path(), e.toString());
                unreadableReported = true;
            }
            return;
        }
        unreadableReported = false;
        if (Arrays.equals(bytes, lastSeen)) {
            return;
        }
        lastSeen = bytes;
        List<CameraConfig> cameras;
        try {
            cameras = file.parse(bytes);
        } catch (IllegalArgumentException e) {
            metrics.configReloaded(false);
            log.error("cameras file change rejected, the running cameras are kept: {}", e.getMessage());
            return;
        }
        apply.accept(cameras);
        if (!first) {
            metrics.configReloaded(true);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(POLL_INTERVAL.toMillis() * 5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
