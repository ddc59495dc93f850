package dev.heed.common.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts services in order and stops them in reverse order, on Ctrl-C (SIGINT/SIGTERM), after an optional
 * run time, or when one of them dies. Every entry point uses it, so shutdown behaves the same everywhere.
 */
public final class ServiceRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final Thread shutdownHook;
    private volatile boolean closed;

    public ServiceRunner() {
        shutdownHook = new Thread(() -> {
            stopRequested.countDown();
            closeAll();
        }, "heed-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Registers something to close at shutdown (in reverse order of registration) without starting it. */
    public synchronized <T extends AutoCloseable> T closeAtEnd(T resource) {
        started.add(resource);
        return resource;
    }

    /** Starts the service; if it fails, everything started so far is stopped and the error is rethrown. */
    public <T extends Service> T start(T service) throws Exception {
        try {
            service.start();
        } catch (Exception | Error e) {
            closeQuietly(service);
            close();
            throw e;
        }
        closeAtEnd(service);
        log.info("{} started", service.name());
        return service;
    }

    /** True once a stop was requested (Ctrl-C, SIGTERM or {@link #requestStop()}). */
    public boolean isStopRequested() {
        return stopRequested.getCount() == 0;
    }

    /** Asks {@link #awaitStop} to return. */
    public void requestStop() {
        stopRequested.countDown();
    }

    /**
     * Blocks until a stop is requested, the run time (if not null) elapses, or a service dies.
     *
     * @return true if a service died (the caller should exit non-zero)
     */
    public boolean awaitStop(Duration runFor, List<? extends Service> watched) throws InterruptedException {
        long deadline = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
        while (stopRequested.getCount() > 0) {
            for (Service s : watched) {
                if (!s.isAlive()) {
                    log.error("{} stopped after a fatal error; shutting down", s.name());
                    return true;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            stopRequested.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
        }
        return false;
    }

    @Override
    public void close() {
        closeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or has run; nothing to remove.
        }
    }

    private synchronized void closeAll() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = started.size() - 1; i >= 0; i--) {
            closeQuietly(started.get(i));
        }
        started.clear();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.warn("error while stopping {}: {}", c instanceof Service s ? s.name() : c.getClass().getSimpleName(), e.toString());
        }
    }

    /** The time a service gets to stop before the runner moves on. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
}
