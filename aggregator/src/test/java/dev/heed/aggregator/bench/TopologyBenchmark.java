package dev.heed.aggregator.bench;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.aggregator.AggregatorService;
import dev.heed.aggregator.ProcessingGuarantee;
import dev.heed.common.files.FileTrees;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.kafka.embedded.EmbeddedKafka;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Pose events per second through the aggregator's topology (the real AggregatorService, one stream thread, on
 * an in-process broker) next to a plain KafkaConsumer that reads and parses the same topic in the same run.
 * The ratio is the figure to compare across machines; the absolute rates depend on the host and its load.
 *
 * <p>Usage: TopologyBenchmark [events=200000] [people=20] [guarantee=exactly_once_v2]. See aggregator/README.md.
 */
public final class TopologyBenchmark {
    private static final String TOPIC = Topics.POSE_EVENTS.name();

    private TopologyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int people = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        ProcessingGuarantee guarantee = ProcessingGuarantee.parse("guarantee", args.length > 2 ? args[2] : "exactly_once_v2");
        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1)) {
            KafkaSettings settings = kafka.settings();
            produce(settings, events, people);
            System.out.printf(Locale.ROOT, "%d pose events of %d people (25 fps each, 4 cameras) on 1 partition%n", events, people);

            // The reference runs before and after the aggregator; the best of three, as the host is shared.
            double plain = plainConsumer(settings, events, "bench-plain-1");
            double aggregator = aggregator(settings, events, guarantee);
            plain = Math.max(plain, plainConsumer(settings, events, "bench-plain-2"));
            plain = Math.max(plain, plainConsumer(settings, events, "bench-plain-3"));
            System.out.printf(Locale.ROOT, "plain consumer (poll + parse), best of 3: %,10.0f events/s%n", plain);
            System.out.printf(Locale.ROOT, "aggregator, 1 stream thread, %-16s %,8.0f events/s%n", guarantee.streamsValue() + ":",
                    aggregator);
            System.out.printf(Locale.ROOT, "ratio aggregator / plain consumer:          %10.3f%n", aggregator / plain);
            System.out.printf(Locale.ROOT, "host: %d cores visible; the broker runs in the same JVM%n",
                    Runtime.getRuntime().availableProcessors());
        }
    }

    /** People look at the camera and away in turns of a few seconds, with pose noise; events in capture-time order. */
    private static void produce(KafkaSettings settings, int events, int people) throws Exception {
        Random rnd = new Random(7);
        long base = System.currentTimeMillis() - (long) events / people * 40 - 60_000;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.producer("bench-producer"))) {
            for (int i = 0; i < events; i++) {
                int person = i % people;
                long t = base + (long) (i / people) * 40;
                boolean away = ((t - base) / 1000 + person) % 11 < 3;
                PoseEvent e = PoseEvent.newBuilder()
                        .setSchemaVersion(Topics.SCHEMA_VERSION)
                        .setCameraId("cam-" + person % 4)
                        .setTrackId(person)
                        .setFrameNumber(i / people)
                        .setCaptureTimeMs(t)
                        .setYawDeg((float) ((away ? -60 : 0) + 4 * rnd.nextGaussian()))
                        .setPitchDeg((float) (-8 + 4 * rnd.nextGaussian()))
                        .setRollDeg((float) rnd.nextGaussian())
                        .setYawConfidence(0.95f)
                        .setPitchConfidence(0.95f)
                        .setModelName("bench")
                        .build();
                producer.send(new ProducerRecord<>(TOPIC, e.getCameraId() + "/" + e.getTrackId(), e.toByteArray()));
            }
            producer.flush();
        }
    }

    /** Events per second of a consumer that polls and parses every event, from its first record to its last. */
    private static double plainConsumer(KafkaSettings settings, int events, String group) throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.consumer(group, group))) {
            consumer.subscribe(List.of(TOPIC));
            long seen = 0;
            long checksum = 0;
            long start = 0;
            while (seen < events) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (seen == 0) {
                        start = System.nanoTime();
                    }
                    checksum += PoseEvent.parseFrom(r.value()).getFrameNumber();
                    seen++;
                }
            }
            double s = (System.nanoTime() - start) / 1e9;
            if (checksum < 0) {
                throw new IllegalStateException("unreachable");
            }
            return events / s;
        }
    }

    /** Events per second of the aggregator, from its first processed event to the commit of its last. */
    private static double aggregator(KafkaSettings settings, int events, ProcessingGuarantee guarantee) throws Exception {
        Path stateDir = AggregatorConfig.freshStateDir();
        AggregatorConfig config = AggregatorConfig.defaults(stateDir).withApplicationId("bench-aggregator")
                .withProcessingGuarantee(guarantee);
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        try (AggregatorService service = new AggregatorService(config, settings, new PrometheusRegistry());
             Admin admin = Admin.create(settings.common())) {
            service.start();
            while (total(service) == 0) {
                Thread.sleep(5);
            }
            long start = System.nanoTime();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(config.applicationId())
                        .partitionsToOffsetAndMetadata().get();
                OffsetAndMetadata o = committed.get(partition);
                if (o != null && o.offset() >= events) {
                    break;
                }
                Thread.sleep(20);
            }
            double s = (System.nanoTime() - start) / 1e9;
            return events / s;
        } finally {
            FileTrees.delete(stateDir);
        }
    }

    private static double total(AggregatorService service) {
        double sum = 0;
        for (int c = 0; c < 4; c++) {
            sum += service.metrics().events("cam-" + c);
        }
        return sum;
    }
}
