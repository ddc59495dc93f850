package dev.heed.aggregator;

import dev.heed.aggregator.http.PeopleEndpoint;
import dev.heed.aggregator.policy.AttentionSettings;
import dev.heed.common.cli.CommandRunner;
import dev.heed.common.cli.HttpOptions;
import dev.heed.common.cli.KafkaOptions;
import dev.heed.common.cli.ReportOptions;
import dev.heed.common.files.FileTrees;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.common.service.ServiceMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "aggregator", mixinStandardHelpOptions = true,
        description = "Turns pose events into per-person and per-camera attention windows and attention alerts "
                + "(long distraction, visual time-sharing, absence) with Kafka Streams; serves each camera's people on "
                + "GET /people?camera=ID beside /metrics.")
public final class AggregatorCommand implements Callable<Integer> {
    public static final int DEFAULT_HTTP_PORT = 9403;
    private static final Logger log = LoggerFactory.getLogger(AggregatorCommand.class);

    @Mixin
    KafkaOptions kafka;

    @Mixin
    HttpOptions http;

    @Mixin
    ReportOptions report;

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = "${env:HEED_AGGREGATOR_APPLICATION_ID:-heed-aggregator}",
            description = "Kafka Streams application id: the consumer group and the prefix of the changelog topics; "
                    + "instances with the same id share the work (env HEED_AGGREGATOR_APPLICATION_ID). Default: ${DEFAULT-VALUE}.")
    String applicationId;

    @Option(names = "--yaw-tolerance-deg", paramLabel = "DEG", defaultValue = "${env:HEED_AGGREGATOR_YAW_TOLERANCE_DEG:-30}",
            description = "Cameras without a policy: half-width of the attending cone in yaw, degrees. The cone is an ellipse "
                    + "of the two tolerances around the camera's direction: a head turned part of the way both aside and up or "
                    + "down is outside once the two parts add up (env HEED_AGGREGATOR_YAW_TOLERANCE_DEG). Default: ${DEFAULT-VALUE}.")
    double yawToleranceDeg;

    @Option(names = "--pitch-tolerance-deg", paramLabel = "DEG", defaultValue = "${env:HEED_AGGREGATOR_PITCH_TOLERANCE_DEG:-25}",
            description = "Cameras without a policy: half-width of the attending cone in pitch, degrees "
                    + "(env HEED_AGGREGATOR_PITCH_TOLERANCE_DEG). Default: ${DEFAULT-VALUE}.")
    double pitchToleranceDeg;

    @Option(names = "--hysteresis-margin-deg", paramLabel = "DEG", defaultValue = "${env:HEED_AGGREGATOR_HYSTERESIS_MARGIN_DEG:-5}",
            description = "A person turns away only beyond the cone of tolerances + this margin and back to attending only "
                    + "within the cone of tolerances - this margin; 0 turns hysteresis off (env HEED_AGGREGATOR_HYSTERESIS_MARGIN_DEG). "
                    + "Default: ${DEFAULT-VALUE}.")
    double hysteresisMarginDeg;

    @Option(names = "--min-dwell", paramLabel = "DURATION", defaultValue = "${env:HEED_AGGREGATOR_MIN_DWELL:-400ms}",
            description = "A change between attending and away counts only once the new direction has held this long "
                    + "(event time); it is then dated back to its first sample, so alert durations are not shortened; "
                    + "0 turns the filter off (env HEED_AGGREGATOR_MIN_DWELL). Default: ${DEFAULT-VALUE}.")
    String minDwell;

    @Option(names = "--min-confidence", paramLabel = "0..1", defaultValue = "${env:HEED_AGGREGATOR_MIN_CONFIDENCE:-0}",
            description = "Samples whose yaw or pitch confidence is below this never change a person's state "
                    + "(env HEED_AGGREGATOR_MIN_CONFIDENCE). Default: ${DEFAULT-VALUE}.")
    double minConfidence;

    @Option(names = "--long-distraction", paramLabel = "DURATION", defaultValue = "${env:HEED_AGGREGATOR_LONG_DISTRACTION:-3s}",
            description = "Continuous away time (event time, first to current away sample) that raises a LONG_DISTRACTION "
                    + "alert (env HEED_AGGREGATOR_LONG_DISTRACTION). Default: ${DEFAULT-VALUE}.")
    String longDistraction;

    @Option(names = "--time-sharing-total", paramLabel = "DURATION", defaultValue = "${env:HEED_AGGREGATOR_TIME_SHARING_TOTAL:-10s}",
            description = "Away time in total within the time-sharing span that raises a VISUAL_TIME_SHARING alert "
                    + "(env HEED_AGGREGATOR_TIME_SHARING_TOTAL). Default: ${DEFAULT-VALUE}.")
    String timeSharingTotal;

    @Option(names = "--time-sharing-span", paramLabel = "DURATION", defaultValue = "${env:HEED_AGGREGATOR_TIME_SHARING_SPAN:-30s}",
            description = "The sliding span of the time-sharing rule; the alert clears when the away time within the "
                    + "span ending now falls below the total (env HEED_AGGREGATOR_TIME_SHARING_SPAN). Default: ${DEFAULT-VALUE}.")
    String timeSharingSpan;

    @Option(names = "--absent-after", paramLabel = "DURATION", defaultValue = "${env:HEED_AGGREGATOR_ABSENT_AFTER:-5s}",
            description = "A person without samples for longer than this (event time) is absent "
                    + "(env HEED_AGGREGATOR_ABSENT_AFTER). Default: ${DEFAULT-VALUE}.")
    String absentAfter;

    @Option(names = "--absent-alerts", paramLabel = "true|false", arity = "1",
            defaultValue = "${env:HEED_AGGREGATOR_ABSENT_ALERTS:-false}",
            description = "Whether absence raises ABSENT alerts (env HEED_AGGREGATOR_ABSENT_ALERTS). Default: ${DEFAULT-VALUE}.")
    boolean absentAlerts;

    @Option(names = "--window-sizes", paramLabel = "SIZE[,SIZE...]", defaultValue = "${env:HEED_AGGREGATOR_WINDOW_SIZES:-10s,60s}",
            description = "Sizes of the tumbling attention windows, whole seconds, e.g. 10s,60s; one window record per "
                    + "person and size, and one per camera and size, is written when the window closes "
                    + "(env HEED_AGGREGATOR_WINDOW_SIZES). Default: ${DEFAULT-VALUE}.")
    String windowSizes;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "${env:HEED_AGGREGATOR_GRACE:-2s}",
            description = "How far (event time) a camera's pose events may lag behind the newest pose event of their partition "
                    + "(another camera's). Samples are decided as they arrive; this only bounds what is decided without one: "
                    + "absence and window ends for a camera whose people have stopped sending, and how long a camera window "
                    + "waits for a partition that has stopped reporting (env HEED_AGGREGATOR_GRACE). Default: ${DEFAULT-VALUE}.")
    String grace;

    @Option(names = "--track-idle-timeout", paramLabel = "DURATION", defaultValue = "${env:HEED_AGGREGATOR_TRACK_IDLE_TIMEOUT:-5m}",
            description = "Event time without samples after which an absent person's state is dropped, clearing an open "
                    + "ABSENT alert (env HEED_AGGREGATOR_TRACK_IDLE_TIMEOUT). Default: ${DEFAULT-VALUE}.")
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


    public static void main(String[] args) {
        System.exit(CommandRunner.run(new AggregatorCommand(), args));
    }

    /** The validated configuration from the options; creates a temporary state directory if none was given. */
    public AggregatorConfig toConfig() {
        AttentionSettings defaults = new AttentionSettings(AttentionSettings.DEFAULT_POLICY_ID, 0, 0, yawToleranceDeg,
                pitchToleranceDeg, hysteresisMarginDeg, Durations.parse("--min-dwell", minDwell).toMillis(), minConfidence,
                Durations.parse("--long-distraction", longDistraction).toMillis(),
                Durations.parse("--time-sharing-total", timeSharingTotal).toMillis(),
                Durations.parse("--time-sharing-span", timeSharingSpan).toMillis(),
                Durations.parse("--absent-after", absentAfter).toMillis(), absentAlerts);
        List<Duration> sizes = Durations.parseList("--window-sizes", windowSizes);
        Duration g = Durations.parse("--grace", grace);
        Duration idle = Durations.parse("--track-idle-timeout", trackIdleTimeout);
        Duration commit = Durations.parse("--commit-interval", commitInterval);
        return new AggregatorConfig(applicationId, defaults, sizes, g, idle,
                stateDir != null ? stateDir : AggregatorConfig.freshStateDir(), commit,
                ProcessingGuarantee.parse("--processing-guarantee", processingGuarantee));
    }

    @Override
    public Integer call() throws Exception {
        AggregatorConfig config = toConfig();
        int port = http.port(DEFAULT_HTTP_PORT);
        KafkaSettings settings = kafka.toSettings();
        try (ServiceMain main = new ServiceMain(settings, report.interval())) {
            if (stateDir == null) {
                // Registered first, so it runs last: after the streams client has released the stores.
                main.runner().closeAtEnd(() -> FileTrees.delete(config.stateDir()));
            }
            AggregatorService service = new AggregatorService(config, settings, main.registry());
            main.start(service, port, Map.of(PeopleEndpoint.PATH, new PeopleEndpoint(service)));
            return main.awaitStopOrDeath(service) ? 1 : 0;
        }
    }

}
