package dev.heed.common.cli;

import picocli.CommandLine.Option;

/** The port of the service's /metrics, /healthz and /readyz endpoint. */
public final class HttpOptions {
    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "${env:HEED_HTTP_PORT}",
            description = "Port of /metrics, /healthz and /readyz (env HEED_HTTP_PORT); 0 picks a free port, -1 turns "
                    + "the endpoint off. Default: 9401 ingest, 9402 inference, 9403 aggregator.")
    Integer httpPort;

    /** The chosen port, or the service's default; validated. */
    public int port(int serviceDefault) {
        int p = httpPort == null ? serviceDefault : httpPort;
        if (p < -1 || p > 65535) {
            throw new IllegalArgumentException("--http-port must be -1 (off), 0 (any) or 1-65535, got " + p);
        }
        return p;
    }
}
