package dev.heed.cli.demo;

import dev.heed.common.kafka.KafkaSettings;
import dev.heed.topics.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads pose events, attention windows, alerts and state changes as they arrive and prints each as one line. It reads
 * the topics like any other consumer would (committed records only), so what it shows is what a subscriber gets. It
 * stops printing when its output is closed (the reader of a pipe went away), and can tell when it has printed
 * everything the topics hold.
 */
public final class OutputFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutputFollower.class);
    private static final List<String> TOPICS = List.of(Topics.POSE_EVENTS.name(), Topics.ATTENTION_WINDOWS.name(),
            Topics.ATTENTION_ALERTS.name(), Topics.ATTENTION_STATES.name());

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventFormatter formatter;
    private final PrintStream out;
    private final Thread thread;
    private final AtomicLong printed = new AtomicLong();
    private final AtomicLong poses = new AtomicLong();
    private final AtomicLong windows = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicLong states = new AtomicLong();
    private volatile long lastPrintNanos = System.nanoTime();
    private volatile boolean catchUpRequested;
    private volatile boolean caughtUp;
    private volatile boolean outputClosed;

    public OutputFollower(KafkaSettings kafka, EventFormatter formatter, PrintStream out) {
        Map<String, Object> props = kafka.consumer("heed-demo-output", "heed-demo-output");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props);
        this.formatter = formatter;
        this.out = out;
        this.thread = new Thread(this::run, "heed-demo-output");
    }

    public OutputFollower start() {
        consumer.subscribe(TOPICS);
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (!outputClosed) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    print(r);
                    if (outputClosed) {
                        return;
                    }
                }
                if (catchUpRequested && !caughtUp) {
                    caughtUp = atEnd();
                }
            }
        } catch (WakeupException stopping) {
            // close() was called.
        } catch (RuntimeException e) {
            log.error("output follower stopped: {}", e.toString());
        }
    }

    /** True if every partition of the topics has been read up to its last committed record. */
    private boolean atEnd() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (!assigned.stream().map(TopicPartition::topic).toList().containsAll(TOPICS)) {
            return false;
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        for (TopicPartition tp : assigned) {
            if (consumer.position(tp) < ends.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private void print(ConsumerRecord<String, byte[]> r) {
        String line;
        try {
            if (r.topic().equals(Topics.POSE_EVENTS.name())) {
                line = formatter.pose(Topics.POSE_EVENTS.value().parse(r.value()));
                poses.incrementAndGet();
            } else if (r.topic().equals(Topics.ATTENTION_WINDOWS.name())) {
                line = formatter.window(Topics.ATTENTION_WINDOWS.value().parse(r.value()));
                windows.incrementAndGet();
            } else if (r.topic().equals(Topics.ATTENTION_ALERTS.name())) {
                line = formatter.alert(Topics.ATTENTION_ALERTS.value().parse(r.value()));
                alerts.incrementAndGet();
            } else {
                line = formatter.state(Topics.ATTENTION_STATES.value().parse(r.value()));
                states.incrementAndGet();
            }
        } catch (Exception e) {
            log.warn("skipping unreadable record on {} at offset {}: {}", r.topic(), r.offset(), e.getMessage());
            return;
        }
        out.println(line);
        // PrintStream swallows write errors: a closed pipe (the reader exited, e.g. head) shows only here.
        if (out.checkError()) {
            outputClosed = true;
            return;
        }
        printed.incrementAndGet();
        lastPrintNanos = System.nanoTime();
    }

    /**
     * Asks the follower to find out when it has printed everything the topics hold; {@link #caughtUp()} says so once
     * it has. Ask only when nothing more is being written (the pipeline has drained), or the answer is soon stale.
     */
    public void requestCatchUp() {
        catchUpRequested = true;
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    /** True once a line could not be written: whoever read the output has gone. */
    public boolean outputClosed() {
        return outputClosed;
    }

    public long posesPrinted() {
        return poses.get();
    }

    public long windowsPrinted() {
        return windows.get();
    }

    public long alertsPrinted() {
        return alerts.get();
    }

    public long statesPrinted() {
        return states.get();
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
