package dev.heed.common.service;

/**
 * A long-running part of Heed (a camera worker pool, an inference worker, a Streams topology) with a
 * lifecycle the launcher and the tests drive the same way.
 */
public interface Service extends AutoCloseable {
    /** Short name used in logs, metrics and health output, e.g. "ingest". */
    String name();

    /** Starts the service's threads and returns; fails fast with a clear message on bad configuration. */
    void start() throws Exception;

    /** True once the service does its work: connected to Kafka and, for ingest, its cameras started. */
    boolean isReady();

    /** True while the service can still make progress; false after a fatal error (it then stops itself). */
    default boolean isAlive() {
        return true;
    }

    /**
     * Extra lines for the /healthz and /readyz bodies, each ending in a newline (e.g. each camera's state).
     * Never secrets: camera URLs are redacted.
     */
    default String healthDetail() {
        return "";
    }

    /** Stops the service and releases its resources within a bounded time. Idempotent. */
    @Override
    void close();
}
