package dev.heed.evaluation.bench;

import dev.heed.aggregator.ProcessingGuarantee;
import dev.heed.evaluation.JsonText;
import dev.heed.evaluation.ProgressBar;
import dev.heed.kafka.embedded.EmbeddedKafka;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heed bench aggregator}: pose events per second through the real topology, next to a plain consumer. */
@Command(name = "aggregator", mixinStandardHelpOptions = true,
        description = {"Pose events per second through the aggregator's real topology (the service itself, default settings, "
                + "one stream thread, exactly-once unless told otherwise) on a Kafka broker in this JVM, one partition. The events "
                + "are people at 25 fps on 4 cameras, looking at the camera and away in turns, written once before measuring. "
                + "The aggregator's rate runs from its first processed event to the commit of its last.",
                "Compared, in the same run on the same topic: a plain Kafka consumer that only polls and parses the events, "
                        + "run once before the aggregator and twice after, best of the three. The ratio of the two is the figure "
                        + "to compare across machines; the absolute rates follow the host and its load. The same ratio on CPU "
                        + "time (the aggregator's stream thread and its clients' threads against the consumer's thread) moves "
                        + "much less with other work on the host. Also reported: the bytes the aggregator's changelog topics "
                        + "hold per pose event after the run."})
public final class AggregatorBenchCommand implements Callable<Integer> {
    private static final int MAX_EVENTS = 10_000_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--events", paramLabel = "N", defaultValue = "200000", description = "Pose events to process. Default: ${DEFAULT-VALUE}.")
    int events;

    @Option(names = "--people", paramLabel = "N", defaultValue = "20",
            description = "People the events belong to, spread over 4 cameras. Default: ${DEFAULT-VALUE}.")
    int people;

    @Option(names = "--processing-guarantee", paramLabel = "GUARANTEE", defaultValue = "exactly_once_v2",
            description = "The aggregator's guarantee, as its own flag: exactly_once_v2 or at_least_once. Default: ${DEFAULT-VALUE}.")
    String processingGuarantee;

    @Option(names = "--json", description = "Print one JSON object instead of text: events_per_s (the aggregator), "
            + "processing_guarantee, stream_threads, reference (what, events_per_s: the plain consumer's best run, "
            + "cpu_us_per_event: its least), ratio (aggregator over plain consumer), cpu_us_per_event (the aggregator's "
            + "threads' CPU time per event), cpu_ratio (the plain consumer's CPU time per event over the aggregator's), "
            + "changelog_bytes_per_event, plain_consumer_runs (events_per_s of each), events, people, cameras, partitions, "
            + "cores.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (events < 1 || events > MAX_EVENTS || people < 1 || people > events) {
            throw new IllegalArgumentException("--events must be 1-" + MAX_EVENTS + " and --people 1 to --events");
        }
        ProcessingGuarantee guarantee = ProcessingGuarantee.parse("--processing-guarantee", processingGuarantee);
        AggregatorBenchmark.Result result;
        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1)) {
            result = AggregatorBenchmark.run(kafka.settings(), events, people, guarantee,
                    ProgressBar.onTerminal("bench", AggregatorBenchmark.progressSteps(events)));
        }
        report(spec.commandLine().getOut(), guarantee, result);
        return 0;
    }

    private void report(PrintWriter out, ProcessingGuarantee guarantee, AggregatorBenchmark.Result r) {
        String reference = "a plain Kafka consumer polling and parsing the same topic in the same run, best of "
                + AggregatorBenchmark.PLAIN_RUNS + " (one run before the aggregator, the rest after)";
        int cores = Runtime.getRuntime().availableProcessors();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("events_per_s", r.aggregatorEventsPerSecond());
            m.put("processing_guarantee", guarantee.streamsValue());
            m.put("stream_threads", 1);
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("what", reference);
            ref.put("events_per_s", r.bestPlainEventsPerSecond());
            ref.put("cpu_us_per_event", r.bestPlainCpuMicrosPerEvent());
            m.put("reference", ref);
            m.put("ratio", r.ratio());
            m.put("cpu_us_per_event", r.aggregator().cpuMicrosPerEvent());
            m.put("cpu_ratio", r.cpuRatio());
            m.put("changelog_bytes_per_event", r.changelogBytesPerEvent());
            m.put("plain_consumer_runs", r.plainEventsPerSecond());
            m.put("events", events);
            m.put("people", people);
            m.put("cameras", SyntheticPoseEvents.CAMERAS);
            m.put("partitions", 1);
            m.put("cores", cores);
            out.println(JsonText.of(m));
            out.flush();
            return;
        }
        out.printf(Locale.ROOT, "%d pose events of %d people (25 fps each, %d cameras) on 1 partition%n", events, people,
                SyntheticPoseEvents.CAMERAS);
        out.printf(Locale.ROOT, "plain consumer (poll + parse), best of %d: %,12.0f events/s%n", AggregatorBenchmark.PLAIN_RUNS,
                r.bestPlainEventsPerSecond());
        out.printf(Locale.ROOT, "aggregator, 1 stream thread, %-16s %,10.0f events/s%n", guarantee.streamsValue() + ":",
                r.aggregatorEventsPerSecond());
        out.printf(Locale.ROOT, "ratio aggregator / plain consumer:           %12.3f%n", r.ratio());
        out.printf(Locale.ROOT, "CPU time per event: aggregator %.2f us, plain consumer %.2f us (least); ratio %.3f%n",
                r.aggregator().cpuMicrosPerEvent(), r.bestPlainCpuMicrosPerEvent(), r.cpuRatio());
        out.printf(Locale.ROOT, "changelog topics on the broker after the run: %.1f bytes per pose event%n", r.changelogBytesPerEvent());
        out.printf(Locale.ROOT, "reference: %s; host: %d cores visible, the broker runs in this JVM%n", reference, cores);
        out.flush();
    }
}
