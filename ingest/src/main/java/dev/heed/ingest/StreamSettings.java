package dev.heed.ingest;

import dev.heed.common.cli.ReportOptions;
import dev.heed.ingest.source.SourceOptions;
import java.time.Duration;

/**
 * How live cameras are read and retried, the same for every camera.
 *
 * @param rtspTimeout  how long one RTSP socket operation (connect, a read) may block
 * @param stallTimeout a live stream without a newer frame for this long has stalled and is reconnected
 * @param reconnectMin wait before the first retry of a lost or unreachable camera (then doubling, with jitter)
 * @param reconnectMax cap on the wait between retries: a camera that comes back is streaming again within
 *                     about this long plus the time to connect
 * @param reportInterval while a camera keeps failing to reconnect, how often the log summarises it
 */
public record StreamSettings(Duration rtspTimeout, Duration stallTimeout, Duration reconnectMin, Duration reconnectMax,
                             Duration reportInterval) {
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(250);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(3);
    public static final Duration DEFAULT_REPORT_INTERVAL = Duration.ofSeconds(ReportOptions.DEFAULT_SECONDS);
    public static final StreamSettings DEFAULT = new StreamSettings(SourceOptions.DEFAULT_RTSP_TIMEOUT, SourceOptions.DEFAULT_STALL_TIMEOUT,
            DEFAULT_RECONNECT_MIN, DEFAULT_RECONNECT_MAX);

    /** With the default report interval. */
    public StreamSettings(Duration rtspTimeout, Duration stallTimeout, Duration reconnectMin, Duration reconnectMax) {
        this(rtspTimeout, stallTimeout, reconnectMin, reconnectMax, DEFAULT_REPORT_INTERVAL);
    }

    public StreamSettings {
        requireMillis("--rtsp-timeout-ms", rtspTimeout, 100, 300_000);
        requireMillis("--stall-timeout-ms", stallTimeout, 500, 300_000);
        requireMillis("--reconnect-min-ms", reconnectMin, 10, 600_000);
        requireMillis("--reconnect-max-ms", reconnectMax, 10, 600_000);
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("--reconnect-max-ms (" + reconnectMax.toMillis() + ") must be >= --reconnect-min-ms ("
                    + reconnectMin.toMillis() + ")");
        }
        if (reportInterval == null || reportInterval.toMillis() < 1) {
            throw new IllegalArgumentException("--report-interval-s must be positive, got " + reportInterval);
        }
    }

    private static void requireMillis(String flag, Duration d, long min, long max) {
        if (d == null || d.toMillis() < min || d.toMillis() > max) {
            throw new IllegalArgumentException(flag + " must be " + min + "-" + max + " ms, got " + (d == null ? null : d.toMillis()));
        }
    }
}
