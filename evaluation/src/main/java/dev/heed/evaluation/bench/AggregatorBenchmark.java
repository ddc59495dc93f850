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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Pose events per second through the aggregator's real topology (an {@link AggregatorService} with one stream
 * thread) next to a plain {@link KafkaConsumer} that polls and parses the same topic, in the same run on the same
 * broker. The plain consumer runs once before the aggregator and twice after, and its best run counts: the host
 * is shared, and the ratio of the two is the figure to compare across machines.
 */
public final class AggregatorBenchmark {
    /** Plain consumer runs: one before the aggregator, the rest after. */
    public static final int PLAIN_RUNS = 3;
    private static final String TOPIC = Topics.POSE_EVENTS.name();
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    /** A reader that gets no further for this long has failed (a broken broker or service), rather than hang the run. */
    private static final Duration STUCK = Duration.ofMinutes(2);

    private AggregatorBenchmark() {
    }

    /**
     * @param plainEventsPerSecond each plain consumer run, in order
     */
    public record Result(double aggregatorEventsPerSecond, List<Double> plainEventsPerSecond) {
        public double bestPlainEventsPerSecond() {
            return plainEventsPerSecond.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        }

        public double ratio() {
            return aggregatorEventsPerSecond / bestPlainEventsPerSecond();
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
        List<Double> plain = new ArrayList<>();
        plain.add(plainConsumer(settings, events, "heed-bench-plain-1", progress, events));
        double aggregator = aggregator(settings, events, guarantee, progress, 2 * events);
        for (int run = 2; run <= PLAIN_RUNS; run++) {
            plain.add(plainConsumer(settings, events, "heed-bench-plain-" + run, progress, (1 + run) * events));
        }
        progress.finish();
        return new Result(aggregator, plain);
    }

    /** Events per second of a consumer that polls and parses every event, from its first record to its last. */
    private static double plainConsumer(KafkaSettings settings, int events, String group, ProgressBar progress, int progressBase)
            throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.consumer(group, group))) {
            consumer.subscribe(List.of(TOPIC));
            int seen = 0;
            long checksum = 0;
            long start = 0;
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
                    }
                    checksum += PoseEvent.parseFrom(r.value()).getFrameNumber();
                    seen++;
                }
                progress.advanceTo(progressBase + seen);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // Uses the parsed values, so that the JIT cannot drop the parsing.
            if (checksum < 0) {
                throw new IllegalStateException("negative frame numbers in the benchmark's own events");
            }
            return events / seconds;
        }
    }

    /** Events per second of the aggregator, from its first processed event to the commit of its last. */
    private static double aggregator(KafkaSettings settings, int events, ProcessingGuarantee guarantee, ProgressBar progress,
                                     int progressBase) throws Exception {
        Path stateDir = AggregatorConfig.freshStateDir();
        AggregatorConfig config = AggregatorConfig.defaults(stateDir).withApplicationId("heed-bench-aggregator")
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
            return events / ((System.nanoTime() - start) / 1e9);
        } finally {
            FileTrees.delete(stateDir);
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
