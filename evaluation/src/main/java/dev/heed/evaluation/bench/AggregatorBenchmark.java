package dev.heed.evaluation.bench;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.aggregator.AggregatorService;
import dev.heed.aggregator.ProcessingGuarantee;
import dev.heed.common.files.FileTrees;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.evaluation.ProgressBar;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * Pose events per second through the aggregator's real topology (an {@link AggregatorService} with one stream
 * thread) next to a plain {@link KafkaConsumer} that polls and parses the same topic, in the same run on the same
 * broker. The plain consumer runs once before the aggregator and twice after, and its best run counts: the host
 * is shared, and the ratio of the two is the figure to compare across machines. The same ratio on CPU time, and
 * what the aggregator's changelogs hold per event, are reported beside it.
 */
public final class AggregatorBenchmark {
    /** Plain consumer runs: one before the aggregator, the rest after. */
    public static final int PLAIN_RUNS = 3;
    private static final String TOPIC = Topics.POSE_EVENTS.name();
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    /** A reader that gets no further for this long has failed (a broken broker or service), rather than hang the run. */
    private static final Duration STUCK = Duration.ofMinutes(2);
    private static final String APPLICATION_ID = "heed-bench-aggregator";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private AggregatorBenchmark() {
    }

    /** One reader's run: events per second (wall clock) and CPU time per event of the threads doing its work. */
    public record Run(double eventsPerSecond, double cpuMicrosPerEvent) {
    }

    /**
     * @param plain                   each plain consumer run, in order
     * @param changelogBytesPerEvent  bytes the aggregator's changelog topics hold on the broker after the run
     *                                (records, batch headers and transaction markers), per pose event
     */
    public record Result(Run aggregator, List<Run> plain, double changelogBytesPerEvent) {
        public double aggregatorEventsPerSecond() {
            return aggregator.eventsPerSecond();
        }

        public List<Double> plainEventsPerSecond() {
            return plain.stream().map(Run::eventsPerSecond).toList();
        }

        public double bestPlainEventsPerSecond() {
            return plain.stream().mapToDouble(Run::eventsPerSecond).max().orElseThrow();
        }

        public double ratio() {
            return aggregatorEventsPerSecond() / bestPlainEventsPerSecond();
        }

        /** The plain consumer's least CPU time per event. */
        public double bestPlainCpuMicrosPerEvent() {
            return plain.stream().mapToDouble(Run::cpuMicrosPerEvent).min().orElseThrow();
        }

        /**
         * The same comparison on CPU time instead of the wall clock: the plain consumer's CPU time per event over the
         * aggregator's. Hardly moved by other work on the host, which slows both readers' wall clocks unequally.
         */
        public double cpuRatio() {
            return bestPlainCpuMicrosPerEvent() / aggregator.cpuMicrosPerEvent();
        }
    }

    /** The progress bar's steps for one run: writing the events, then every reader reading all of them. */
    public static int progressSteps(int events) {
        return events * (2 + PLAIN_RUNS);
    }

    /** Writes the events to the (empty, one-partition) pose events topic, then measures both readers. */
    public static Result run(KafkaSettings settings, int events, int people, ProcessingGuarantee guarantee, ProgressBar progress)
            throws Exception {
        SyntheticPoseEvents.write(settings, events, people, progress);
        List<Run> plain = new ArrayList<>();
        plain.add(plainConsumer(settings, events, "heed-bench-plain-1", progress, events));
        Run aggregator = aggregator(settings, events, guarantee, progress, 2 * events);
        long changelogBytes = changelogBytes(settings, APPLICATION_ID);
        for (int run = 2; run <= PLAIN_RUNS; run++) {
            plain.add(plainConsumer(settings, events, "heed-bench-plain-" + run, progress, (1 + run) * events));
        }
        progress.finish();
        return new Result(aggregator, plain, (double) changelogBytes / events);
    }

    /** Events per second of a consumer that polls and parses every event, from its first record to its last. */
    private static Run plainConsumer(KafkaSettings settings, int events, String group, ProgressBar progress, int progressBase)
            throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.consumer(group, group))) {
            consumer.subscribe(List.of(TOPIC));
            int seen = 0;
            long checksum = 0;
            long start = 0;
            long cpuStart = 0;
            long lastProgress = System.nanoTime();
            while (seen < events) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    requireProgress(lastProgress, "the plain consumer", seen, events);
                } else {
                    lastProgress = System.nanoTime();
                }
                for (ConsumerRecord<String, byte[]> r : records) {
                    if (seen == 0) {
                        start = System.nanoTime();
                        cpuStart = THREADS.getCurrentThreadCpuTime();
                    }
                    checksum += PoseEvent.parseFrom(r.value()).getFrameNumber();
                    seen++;
                }
                progress.advanceTo(progressBase + seen);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // The classic consumer fetches in the thread that polls: this thread's CPU time is all of its work.
            double cpuMicros = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e3;
            // Uses the parsed values, so that the JIT cannot drop the parsing.
            if (checksum < 0) {
                throw new IllegalStateException("negative frame numbers in the benchmark's own events");
            }
            return new Run(events / seconds, cpuMicros / events);
        }
    }

    /** Events per second of the aggregator, from its first processed event to the commit of its last. */
    private static Run aggregator(KafkaSettings settings, int events, ProcessingGuarantee guarantee, ProgressBar progress,
                                  int progressBase) throws Exception {
        Path stateDir = AggregatorConfig.freshStateDir();
        AggregatorConfig config = AggregatorConfig.defaults(stateDir).withApplicationId(APPLICATION_ID)
                .withProcessingGuarantee(guarantee);
        try (AggregatorService service = new AggregatorService(config, settings, new PrometheusRegistry());
             Admin admin = Admin.create(settings.common())) {
            service.start();
            // The clock starts at the first processed event, not at start(): the rebalance takes seconds.
            long waitingSince = System.nanoTime();
            while (processed(service) == 0) {
                requireProgress(waitingSince, "the aggregator", 0, events);
                Thread.sleep(5);
            }
            long start = System.nanoTime();
            long cpuStart = cpuNanos(APPLICATION_ID);
            long lastProgress = start;
            long done = 0;
            while (done < events) {
                Thread.sleep(20);
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(config.applicationId())
                        .partitionsToOffsetAndMetadata().get();
                OffsetAndMetadata offset = committed.get(PARTITION);
                long now = offset == null ? 0 : offset.offset();
                if (now > done) {
                    done = now;
                    lastProgress = System.nanoTime();
                } else {
                    requireProgress(lastProgress, "the aggregator's commits", done, events);
                }
                progress.advanceTo(progressBase + (int) Math.min(done, events));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Run run = new Run(events / seconds, (cpuNanos(APPLICATION_ID) - cpuStart) / 1e3 / events);
            // Committed offsets alone would also move if every event were rejected: check that the work was done.
            if (processed(service) != events) {
                throw new IllegalStateException("the aggregator accepted " + (long) processed(service) + " of " + events
                        + " events; the benchmark's own events must all be valid");
            }
            return run;
        } finally {
            FileTrees.delete(stateDir);
        }
    }

    /**
     * CPU time so far of the threads doing the aggregator's work: its stream thread and the network threads of its
     * clients, all named after the application id (the broker's threads, also in this JVM, are not).
     */
    private static long cpuNanos(String applicationId) {
        long sum = 0;
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null && t.getThreadName().contains(applicationId)) {
                sum += Math.max(0, THREADS.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    /** What the application's changelog topics occupy in the broker's log directories, bytes. */
    private static long changelogBytes(KafkaSettings settings, String applicationId) throws Exception {
        try (Admin admin = Admin.create(settings.common())) {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
            long bytes = 0;
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (LogDirDescription dir : dirs.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> r : dir.replicaInfos().entrySet()) {
                        String topic = r.getKey().topic();
                        if (topic.startsWith(applicationId + "-") && topic.endsWith("-changelog")) {
                            bytes += r.getValue().size();
                        }
                    }
                }
            }
            return bytes;
        }
    }

    /** Throws once nothing has moved for {@link #STUCK} since {@code lastProgress} ({@link System#nanoTime()}). */
    private static void requireProgress(long lastProgress, String reader, long done, int events) {
        if (System.nanoTime() - lastProgress > STUCK.toNanos()) {
            throw new IllegalStateException(reader + " got no further for " + STUCK.toMinutes() + " minutes, at " + done + " of "
                    + events + " events");
        }
    }

    private static double processed(AggregatorService service) {
        double sum = 0;
        for (int c = 0; c < SyntheticPoseEvents.CAMERAS; c++) {
            sum += service.metrics().events(SyntheticPoseEvents.cameraId(c));
        }
        return sum;
    }
}
