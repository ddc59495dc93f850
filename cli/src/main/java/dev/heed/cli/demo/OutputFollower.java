package dev.heed.cli.demo;

import dev.heed.common.kafka.KafkaSettings;
import dev.heed.topics.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads pose events, attention windows and alerts as they arrive and prints each as one line. It reads
 * the topics like any other consumer would, so what it shows is what a subscriber gets.
 */
public final class OutputFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutputFollower.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventFormatter formatter;
    private final PrintStream out;
    private final Thread thread;
    private final AtomicLong printed = new AtomicLong();
    private final AtomicLong poses = new AtomicLong();
    private volatile long lastPrintNanos = System.nanoTime();

    public OutputFollower(KafkaSettings kafka, EventFormatter formatter, PrintStream out) {
        Map<String, Object> props = kafka.consumer("heed-demo-output", "heed-demo-output");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props);
        this.formatter = formatter;
        this.out = out;
        this.thread = new Thread(this::run, "heed-demo-output");
    }

    public OutputFollower start() {
        consumer.subscribe(List.of(Topics.POSE_EVENTS.name(), Topics.ATTENTION_WINDOWS.name(), Topics.ATTENTION_ALERTS.name()));
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (true) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    print(r);
                }
            }
        } catch (WakeupException stopping) {
            // close() was called.
        } catch (RuntimeException e) {
            log.error("output follower stopped: {}", e.toString());
        }
    }

    private void print(ConsumerRecord<String, byte[]> r) {
        try {
            String line;
            if (r.topic().equals(Topics.POSE_EVENTS.name())) {
                line = formatter.pose(Topics.POSE_EVENTS.value().parse(r.value()));
                poses.incrementAndGet();
            } else if (r.topic().equals(Topics.ATTENTION_WINDOWS.name())) {
                line = formatter.window(Topics.ATTENTION_WINDOWS.value().parse(r.value()));
            } else {
                line = formatter.alert(Topics.ATTENTION_ALERTS.value().parse(r.value()));
            }
            out.println(line);
            out.flush();
            printed.incrementAndGet();
            lastPrintNanos = System.nanoTime();
        } catch (Exception e) {
            log.warn("skipping unreadable record on {} at offset {}: {}", r.topic(), r.offset(), e.getMessage());
        }
    }

    public long posesPrinted() {
        return poses.get();
    }

    public long linesPrinted() {
        return printed.get();
    }

    /** How long ago the last line was printed. */
    public Duration sinceLastLine() {
        return Duration.ofNanos(System.nanoTime() - lastPrintNanos);
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(2));
    }
}
