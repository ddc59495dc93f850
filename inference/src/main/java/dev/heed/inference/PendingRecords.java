package dev.heed.inference;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Dynamic micro-batching: records from successive polls wait here until {@code maxBatch} of them are waiting or
 * the oldest has waited {@code maxWait}, whichever comes first; then up to {@code maxBatch} go through the model
 * together. Holds fewer than two batches (polls return at most maxBatch records and a full batch is taken before
 * the next poll), so memory stays bounded. Not thread-safe: the worker thread owns it.
 */
final class PendingRecords {
    private record Waiting(ConsumerRecord<String, byte[]> record, long arrivedNanos) {
    }

    /**
     * Records to run together.
     *
     * @param waitedNanos how long the oldest of them waited for the batch to fill
     */
    record Batch(List<ConsumerRecord<String, byte[]>> records, long waitedNanos) {
    }

    private final int maxBatch;
    private final long maxWaitNanos;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

    PendingRecords(int maxBatch, long maxWaitNanos) {
        if (maxBatch < 1 || maxWaitNanos < 0) {
            throw new IllegalArgumentException("max batch must be >= 1 and max wait >= 0, got " + maxBatch + ", " + maxWaitNanos);
        }
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWaitNanos;
    }

    void add(Iterable<ConsumerRecord<String, byte[]>> records, long nowNanos) {
        for (ConsumerRecord<String, byte[]> r : records) {
            waiting.add(new Waiting(r, nowNanos));
        }
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    int size() {
        return waiting.size();
    }

    /** True when a batch should run now: it is full, or its oldest record has waited long enough. */
    boolean ready(long nowNanos) {
        return waiting.size() >= maxBatch || (!waiting.isEmpty() && nowNanos - waiting.peek().arrivedNanos() >= maxWaitNanos);
    }

    /** Nanoseconds until the oldest record has waited maxWait (0 if it already has); for the poll timeout. */
    long nanosUntilDue(long nowNanos) {
        if (waiting.isEmpty()) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, waiting.peek().arrivedNanos() + maxWaitNanos - nowNanos);
    }

    /** Removes and returns the oldest records, at most maxBatch, in arrival order. */
    Batch take(long nowNanos) {
        int n = Math.min(maxBatch, waiting.size());
        long waited = waiting.isEmpty() ? 0 : nowNanos - waiting.peek().arrivedNanos();
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(waiting.poll().record());
        }
        return new Batch(out, waited);
    }

    /** Removes and returns every waiting record of these partitions, in arrival order. */
    List<ConsumerRecord<String, byte[]>> removePartitions(Collection<TopicPartition> partitions) {
        List<ConsumerRecord<String, byte[]>> removed = new ArrayList<>();
        waiting.removeIf(w -> {
            boolean match = partitions.contains(new TopicPartition(w.record().topic(), w.record().partition()));
            if (match) {
                removed.add(w.record());
            }
            return match;
        });
        return removed;
    }
}
