package dev.heed.cli.demo;

import dev.heed.aggregator.http.PeopleEndpoint;
import dev.heed.common.cli.CommandRunner;
import dev.heed.common.http.OpsServer;
import dev.heed.common.service.ServiceRunner;
import dev.heed.ingest.preview.PreviewServer;
import dev.heed.evaluation.pipeline.LocalPipeline;
import dev.heed.kafka.embedded.EmbeddedKafka;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The main job on one machine: a real Kafka broker inside this process, the three services, a video, and
 * every pose event, window, alert and state change printed as it happens.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Runs the whole pipeline on this machine: starts a real single-node Kafka broker (KRaft) in this process, "
                    + "creates the topics, runs ingest, inference and aggregator on a video and prints every pose event, "
                    + "attention window, attention alert and attention state change as it happens (stdout; logs go to stderr).",
            "The source, the models and every option are checked before the broker starts. A video file ends the demo once "
                    + "it has been read and everything it gave has gone through the pipeline and been printed (--for only "
                    + "cuts it shorter); a camera or --loop runs until --for SECONDS or Ctrl-C. It also stops, quietly, "
                    + "when its output is closed (e.g. piped into head). With --view it stays up after the video until Ctrl-C. "
                    + "The broker's data is deleted on exit."},
        exitCodeListHeading = CommandRunner.EXIT_CODES_HEADING,
        exitCodeList = {
            " 0:the video was read and its output printed, --for elapsed, the output was closed, or Ctrl-C",
            " 1:a service failed while running; the last line on stderr says why",
            " 2:" + CommandRunner.CONFIG_ERROR_MEANING})
public final class DemoCommand implements Callable<Integer> {
    /**
     * After the pipeline has drained and everything has been printed: how long to wait for lines that come later
     * anyway: the camera's windows, which the aggregator writes from its people's windows through a topic of its own
     * that the drain check does not look at.
     */
    static final Duration FINAL_WAIT = Duration.ofSeconds(2);
    /** ... and the longest that wait may take while lines keep coming. */
    static final Duration FINAL_WAIT_MAX = Duration.ofSeconds(10);
    private static final Duration TICK = Duration.ofMillis(200);
    private static final Duration DRAIN_CHECK_INTERVAL = Duration.ofMillis(500);

    @Mixin
    DemoOptions options;

    @Option(names = "--json", description = "Print one JSON object per line instead of text: \"type\" is pose, window, alert or "
            + "state, the other keys are the message's fields under their proto names (an alert's own type is \"alert_type\").")
    boolean json;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Serve /metrics (every service's metrics and the JVM's), /healthz and /readyz on this port; 0 picks a "
                    + "free port. Default: off.")
    Integer httpPort;

    @Option(names = "--for", paramLabel = "SECONDS", description = "Stop after this many seconds at the most (default: when the "
            + "video has ended and its output has been printed; a camera or --loop runs until Ctrl-C).")
    Double forSeconds;

    @Option(names = "--view", description = "Serve a live view in the browser on 127.0.0.1 (its address is printed on stderr as "
            + "\"view: http://127.0.0.1:PORT/\"): the analysed frames with each face's box, track id, head-pose axes and "
            + "attention state, the attending cone, alerts and a per-person timeline; pause and step back through the last minute. "
            + "The demo then stays up after the video until Ctrl-C.")
    boolean view;

    @Option(names = "--view-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of --view on 127.0.0.1; 0 picks a free port. Default: ${DEFAULT-VALUE}.")
    int viewPort;

    /** Why the demo stopped, for its last line. */
    private enum Ending { FINISHED, TIME_LIMIT, OUTPUT_CLOSED, STOP_REQUESTED, SERVICE_FAILED }

    @Override
    public Integer call() throws Exception {
        if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
            throw new IllegalArgumentException("--http-port must be 0 (any free port) or 1-65535, got " + httpPort);
        }
        if (forSeconds != null && !(forSeconds > 0)) {
            throw new IllegalArgumentException("--for must be a positive number of seconds, got " + forSeconds);
        }
        LocalPipeline.Plan plan = options.plan();
        LocalPipeline.check(plan);
        System.err.println("heed demo: starting an embedded Kafka broker...");
        long started = System.nanoTime();
        Ending ending;
        OutputFollower follower;
        try (ServiceRunner runner = new ServiceRunner()) {
            EmbeddedKafka kafka = runner.closeAtEnd(EmbeddedKafka.start().withHeedTopics(1));
            LocalPipeline pipeline = LocalPipeline.start(runner, kafka.settings(), plan, view);
            if (view) {
                PreviewServer server = runner.closeAtEnd(PreviewServer.start(pipeline.preview(), viewPort));
                System.err.println("view: " + server.url());
            }
            if (httpPort != null) {
                JvmMetrics.builder().register(pipeline.registry());
                OpsServer ops = runner.closeAtEnd(OpsServer.start(httpPort, pipeline.registry(), pipeline.services(),
                        Map.of(PeopleEndpoint.PATH, new PeopleEndpoint(pipeline.aggregator()))));
                System.err.printf("heed demo: metrics and health on http://localhost:%d/metrics, people on "
                        + "http://localhost:%d%s?camera=%s%n", ops.port(), ops.port(), PeopleEndpoint.PATH, plan.cameraId());
            }
            follower = runner.closeAtEnd(new OutputFollower(kafka.settings(), new EventFormatter(json), System.out).start());
            System.err.printf("heed demo: broker at %s; reading %s as camera '%s' (Ctrl-C to stop)%n",
                    kafka.bootstrapServers(), plan.sourceForDisplay(), plan.cameraId());

            ending = follow(runner, pipeline, follower, started);
        }
        // After everything has stopped, so that it is the last line a person sees.
        System.err.println("heed demo: " + summary(ending, follower, started));
        return ending == Ending.SERVICE_FAILED ? CommandRunner.EXIT_FAILED : CommandRunner.EXIT_OK;
    }

    /**
     * Waits for the end: the video has ended and the pipeline has drained (inference and aggregator have committed
     * everything), the output follower has printed all that is on the topics, and nothing more came for a moment.
     */
    private Ending follow(ServiceRunner runner, LocalPipeline pipeline, OutputFollower follower, long started) throws InterruptedException {
        Long limitNanos = forSeconds == null ? null : Math.round(forSeconds * 1e9);
        long nextDrainCheck = 0;
        long caughtUpAt = 0;
        boolean toldViewStaysUp = false;
        while (true) {
            if (runner.awaitStop(TICK, pipeline.services())) {
                return Ending.SERVICE_FAILED;
            }
            long now = System.nanoTime();
            if (runner.isStopRequested()) {
                return Ending.STOP_REQUESTED;
            }
            if (follower.outputClosed()) {
                return Ending.OUTPUT_CLOSED;
            }
            if (limitNanos != null && now - started >= limitNanos) {
                return Ending.TIME_LIMIT;
            }
            if (caughtUpAt == 0 && follower.caughtUp()) {
                caughtUpAt = now;
            }
            if (caughtUpAt != 0) {
                boolean quiet = now - caughtUpAt >= FINAL_WAIT.toNanos() && follower.sinceLastLine().compareTo(FINAL_WAIT) >= 0;
                if (quiet || now - caughtUpAt >= FINAL_WAIT_MAX.toNanos()) {
                    if (!view) {
                        return Ending.FINISHED;
                    }
                    if (!toldViewStaysUp) {
                        // The view is for looking back at what happened: it stays until the person is done.
                        System.err.println("heed demo: the video has ended and its output has been printed; the view stays up until Ctrl-C");
                        toldViewStaysUp = true;
                    }
                }
            } else if (now >= nextDrainCheck && pipeline.sourceFinished()) {
                nextDrainCheck = now + DRAIN_CHECK_INTERVAL.toNanos();
                if (pipeline.drained()) {
                    follower.requestCatchUp();
                }
            }
        }
    }

    private static String summary(Ending ending, OutputFollower f, long started) {
        String counts = String.format(Locale.ROOT, "%d pose events, %d windows, %d alerts, %d state changes in %.1f s", f.posesPrinted(),
                f.windowsPrinted(), f.alertsPrinted(), f.statesPrinted(), (System.nanoTime() - started) / 1e9);
        return switch (ending) {
            case FINISHED -> "the video has ended and everything it gave has been printed, its last windows included: " + counts;
            case TIME_LIMIT -> "stopping after --for: " + counts;
            case OUTPUT_CLOSED -> "the output was closed; stopping after " + counts;
            case STOP_REQUESTED -> "stopping: " + counts;
            case SERVICE_FAILED -> "stopping because a service failed: " + counts;
        };
    }
}
