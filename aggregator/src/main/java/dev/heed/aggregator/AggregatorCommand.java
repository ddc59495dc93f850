package dev.heed.aggregator;

import dev.heed.common.files.FileTrees;
import dev.heed.common.service.ServiceMain;
import dev.heed.common.cli.CommandRunner;
import dev.heed.common.cli.HttpOptions;
import dev.heed.common.cli.KafkaOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "aggregator", mixinStandardHelpOptions = true,
        description = "Turns pose events into per-person attention windows and long-distraction alerts (Kafka Streams).")
public final class AggregatorCommand implements Callable<Integer> {
    public static final int DEFAULT_HTTP_PORT = 9403;
    private static final Logger log = LoggerFactory.getLogger(AggregatorCommand.class);

    @Mixin
    KafkaOptions kafka;

    @Mixin
    HttpOptions http;

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = "${env:HEED_AGGREGATOR_APPLICATION_ID:-heed-aggregator}",
            description = "Kafka Streams application id: the consumer group and the prefix of the changelog topics; "
                    + "instances with the same id share the work (env HEED_AGGREGATOR_APPLICATION_ID). Default: ${DEFAULT-VALUE}.")
    String applicationId;

    @Option(names = "--yaw-tolerance-deg", paramLabel = "DEG", defaultValue = "${env:HEED_AGGREGATOR_YAW_TOLERANCE_DEG:-30}",
            description = "A sample counts as attending when |yaw| is at most this many degrees (and pitch is within "
                    + "its tolerance) (env HEED_AGGREGATOR_YAW_TOLERANCE_DEG). Default: ${DEFAULT-VALUE}.")
    double yawToleranceDeg;

    @Option(names = "--pitch-tolerance-deg", paramLabel = "DEG", defaultValue = "${env:HEED_AGGREGATOR_PITCH_TOLERANCE_DEG:-25}",
            description = "A sample counts as attending when |pitch| is at most this many degrees (and yaw is within "
                    + "its tolerance) (env HEED_AGGREGATOR_PITCH_TOLERANCE_DEG). Default: ${DEFAULT-VALUE}.")
    double pitchToleranceDeg;

    @Option(names = "--window-sizes", paramLabel = "SIZE[,SIZE...]", defaultValue = "${env:HEED_AGGREGATOR_WINDOW_SIZES:-10s,60s}",
            description = "Sizes of the tumbling attention windows, whole seconds, e.g. 10s,60s; one window record per "
                    + "person and size is written when the window closes (env HEED_AGGREGATOR_WINDOW_SIZES). Default: ${DEFAULT-VALUE}.")
    String windowSizes;

    @Option(names = "--window-grace", paramLabel = "DURATION", defaultValue = "${env:HEED_AGGREGATOR_WINDOW_GRACE:-2s}",
            description = "How long after a window's end (in event time) late samples are still counted; the window is "
                    + "written once this has passed (env HEED_AGGREGATOR_WINDOW_GRACE). Default: ${DEFAULT-VALUE}.")
    String windowGrace;

    @Option(names = "--long-distraction", paramLabel = "DURATION", defaultValue = "${env:HEED_AGGREGATOR_LONG_DISTRACTION:-3s}",
            description = "Continuous away time (event time, first to current away sample) that raises a LONG_DISTRACTION "
                    + "alert (env HEED_AGGREGATOR_LONG_DISTRACTION). Default: ${DEFAULT-VALUE}.")
    String longDistraction;

    @Option(names = "--track-idle-timeout", paramLabel = "DURATION", defaultValue = "${env:HEED_AGGREGATOR_TRACK_IDLE_TIMEOUT:-5m}",
            description = "Event time without samples after which a person's alert state is dropped, clearing an open "
                    + "alert at its last sample (env HEED_AGGREGATOR_TRACK_IDLE_TIMEOUT). Default: ${DEFAULT-VALUE}.")
    String trackIdleTimeout;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:HEED_AGGREGATOR_STATE_DIR}",
            description = "Directory of the local state stores; keep it across restarts to avoid restoring from the "
                    + "changelogs (env HEED_AGGREGATOR_STATE_DIR). Default: a fresh temporary directory, deleted on exit.")
    Path stateDir;

    @Option(names = "--commit-interval", paramLabel = "DURATION", defaultValue = "${env:HEED_AGGREGATOR_COMMIT_INTERVAL:-100ms}",
            description = "Kafka Streams commit interval; with exactly_once_v2 outputs become visible only at a commit "
                    + "(env HEED_AGGREGATOR_COMMIT_INTERVAL). Default: ${DEFAULT-VALUE}.")
    String commitInterval;

    @Option(names = "--processing-guarantee", paramLabel = "GUARANTEE",
            defaultValue = "${env:HEED_AGGREGATOR_PROCESSING_GUARANTEE:-exactly_once_v2}",
            description = "exactly_once_v2 (needs broker transactions) or at_least_once (a crash can repeat alerts and "
                    + "windows) (env HEED_AGGREGATOR_PROCESSING_GUARANTEE). Default: ${DEFAULT-VALUE}.")
    String processingGuarantee;

    @Option(names = "--suppress-buffer-bytes", paramLabel = "BYTES",
            defaultValue = "${env:HEED_AGGREGATOR_SUPPRESS_BUFFER_BYTES:-67108864}",
            description = "Memory bound, per window size and partition, of the windows waiting to close; if it fills up the "
                    + "service stops with an error rather than drop windows (env HEED_AGGREGATOR_SUPPRESS_BUFFER_BYTES). "
                    + "Default: ${DEFAULT-VALUE}.")
    long suppressBufferBytes;

    public static void main(String[] args) {
        System.exit(CommandRunner.run(new AggregatorCommand(), args));
    }

    /** The validated configuration from the options; creates a temporary state directory if none was given. */
    public AggregatorConfig toConfig() {
        List<Duration> sizes = Durations.parseList("--window-sizes", windowSizes);
        Duration grace = Durations.parse("--window-grace", windowGrace);
        Duration distraction = Durations.parse("--long-distraction", longDistraction);
        Duration idle = Durations.parse("--track-idle-timeout", trackIdleTimeout);
        Duration commit = Durations.parse("--commit-interval", commitInterval);
        return new AggregatorConfig(applicationId, yawToleranceDeg, pitchToleranceDeg, sizes, grace, distraction, idle,
                stateDir != null ? stateDir : AggregatorConfig.freshStateDir(), commit,
                ProcessingGuarantee.parse("--processing-guarantee", processingGuarantee), suppressBufferBytes);
    }

    @Override
    public Integer call() throws Exception {
        AggregatorConfig config = toConfig();
        int port = http.port(DEFAULT_HTTP_PORT);
        try (ServiceMain main = new ServiceMain()) {
            if (stateDir == null) {
                // Registered first, so it runs last: after the streams client has released the stores.
                main.runner().closeAtEnd(() -> FileTrees.delete(config.stateDir()));
            }
            AggregatorService service = main.start(new AggregatorService(config, kafka.toSettings(), main.registry()), port);
            return main.awaitStopOrDeath(service) ? 1 : 0;
        }
    }

}
