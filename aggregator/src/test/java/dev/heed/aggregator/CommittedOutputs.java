package dev.heed.aggregator;

import dev.heed.common.kafka.KafkaSettings;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.DeadLetter;
import dev.heed.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Everything the aggregator has committed to its output topics, read as a subscriber would (read_committed),
 * by a background thread, for the integration tests.
 */
final class CommittedOutputs implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final List<AttentionAlert> alerts = new ArrayList<>();
    private final List<String> alertKeys = new ArrayList<>();
    private final List<AttentionWindow> windows = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private volatile Throwable failure;

    CommittedOutputs(KafkaSettings settings, String group) {
        Map<String, Object> props = settings.consumer(group, group);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(Topics.ATTENTION_ALERTS.name(), Topics.ATTENTION_WINDOWS.name(), Topics.DEAD_LETTER.name()));
        thread = new Thread(this::run, "committed-outputs");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    synchronized (this) {
                        if (r.topic().equals(Topics.ATTENTION_ALERTS.name())) {
                            alerts.add(AttentionAlert.parseFrom(r.value()));
                            alertKeys.add(r.key());
                        } else if (r.topic().equals(Topics.ATTENTION_WINDOWS.name())) {
                            windows.add(AttentionWindow.parseFrom(r.value()));
                        } else {
                            deadLetters.add(DeadLetter.parseFrom(r.value()));
                        }
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close()
        } catch (Throwable t) {
            failure = t;
        } finally {
            consumer.close();
        }
    }

    synchronized List<AttentionAlert> alerts() {
        return List.copyOf(alerts);
    }

    synchronized List<String> alertKeys() {
        return List.copyOf(alertKeys);
    }

    synchronized List<AttentionWindow> windows() {
        return List.copyOf(windows);
    }

    synchronized List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** Waits until the condition holds; false if it did not within the timeout. */
    boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (failure != null) {
                throw new AssertionError("reading the outputs failed", failure);
            }
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }
}
