package dev.heed.common.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How often a lasting problem (Kafka out of reach, a camera that keeps failing) is summarised in the log. */
public final class ReportOptions {
    public static final long DEFAULT_SECONDS = 60;

    @Option(names = "--report-interval-s", paramLabel = "SECONDS", defaultValue = "${env:HEED_REPORT_INTERVAL_S:-" + DEFAULT_SECONDS + "}",
            description = "While a problem lasts (Kafka out of reach, a camera that keeps failing), it is summarised in the log this "
                    + "often (for how long, how many failures, the last error); its start and its end are logged at once; 1-86400 "
                    + "(env HEED_REPORT_INTERVAL_S). Default: ${DEFAULT-VALUE}.")
    long seconds = DEFAULT_SECONDS;

    /** The validated interval. */
    public Duration interval() {
        if (seconds < 1 || seconds > 86_400) {
            throw new IllegalArgumentException("--report-interval-s must be 1-86400 seconds, got " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }
}
