package dev.heed.cli.demo;

import dev.heed.evaluation.pipeline.LocalPipeline;
import dev.heed.aggregator.http.PeopleEndpoint;
import dev.heed.common.http.OpsServer;
import dev.heed.ingest.preview.PreviewServer;
import java.util.Map;
import dev.heed.common.service.ServiceRunner;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import dev.heed.kafka.embedded.EmbeddedKafka;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The main job on one machine: a real Kafka broker inside this process, the three services, a video, and
 * every pose event, window and alert printed as it happens.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Runs the whole pipeline on this machine: starts a real single-node Kafka broker (KRaft) in this process, "
                    + "creates the topics, runs ingest, inference and aggregator on a video and prints every pose event, "
                    + "attention window and attention alert as it happens (stdout; logs go to stderr).",
            "Stops when the video has ended and the output has been quiet for 3 s (with --view: on Ctrl-C), after --for "
                    + "SECONDS, or on Ctrl-C; the broker's data is deleted on exit."})
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    DemoOptions options;

    @Option(names = "--json", description = "Print one JSON object per line, with a \"type\" of pose, window or alert, instead of text.")
    boolean json;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Serve /metrics (every service's metrics and the JVM's), /healthz and /readyz on this port; 0 picks a "
                    + "free port. Default: off.")
    Integer httpPort;

    @Option(names = "--for", paramLabel = "SECONDS", description = "Stop after this many seconds (default: when the video ends).")
    Double forSeconds;

    @Option(names = "--view", description = "Serve a live view in the browser on 127.0.0.1 (its address is printed on stderr as "
            + "\"view: http://127.0.0.1:PORT/\"): the analysed frames with each face's box, track id, head-pose axes and "
            + "attention state, the attending cone, alerts and a per-person timeline; pause and step back through the last minute.")
    boolean view;

    @Option(names = "--view-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of --view on 127.0.0.1; 0 picks a free port. Default: ${DEFAULT-VALUE}.")
    int viewPort;

    @Override
    public Integer call() throws Exception {
        if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
            throw new IllegalArgumentException("--http-port must be 0 (any free port) or 1-65535, got " + httpPort);
        }
        if (viewPort < 0 || viewPort > 65535) {
            throw new IllegalArgumentException("--view-port must be 0 (any free port) or 1-65535, got " + viewPort);
        }
        if (forSeconds != null && !(forSeconds > 0)) {
            throw new IllegalArgumentException("--for must be a positive number of seconds, got " + forSeconds);
        }
        LocalPipeline.Plan plan = options.plan();
        System.err.println("heed demo: starting an embedded Kafka broker...");
        long started = System.nanoTime();
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
            OutputFollower follower = runner.closeAtEnd(new OutputFollower(kafka.settings(), new EventFormatter(json), System.out).start());
            System.err.printf("heed demo: broker at %s; reading %s as camera '%s' (Ctrl-C to stop)%n",
                    kafka.bootstrapServers(), plan.sourceForDisplay(), plan.cameraId());

            Duration limit = forSeconds == null ? null : Duration.ofMillis(Math.round(forSeconds * 1000));
            boolean died = false;
            boolean toldViewStaysUp = false;
            while (!died) {
                died = runner.awaitStop(Duration.ofMillis(500), pipeline.services());
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                if (limit != null && elapsed.compareTo(limit) >= 0) {
                    break;
                }
                if (limit == null && pipeline.sourceFinished() && follower.sinceLastLine().toSeconds() >= 3) {
                    if (!view) {
                        break;
                    }
                    if (!toldViewStaysUp) {
                        // The view is for looking back at what happened: it stays until the person is done.
                        System.err.println("heed demo: the video has ended; the view stays up until Ctrl-C");
                        toldViewStaysUp = true;
                    }
                }
                if (runner.isStopRequested()) {
                    break;
                }
            }
            System.err.printf("heed demo: stopping after %.1f s; printed %d pose events and %d lines in all%n",
                    (System.nanoTime() - started) / 1e9, follower.posesPrinted(), follower.linesPrinted());
            return died ? 1 : 0;
        }
    }
}
