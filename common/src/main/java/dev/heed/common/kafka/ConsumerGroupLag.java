package dev.heed.common.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How many records of a topic a consumer group has not committed yet: per partition, the end offset minus the group's
 * committed offset (the partition's first offset where the group has committed nothing). Zero means the group has
 * handled everything written so far, e.g. a pipeline has drained after its source ended.
 */
public final class ConsumerGroupLag {
    private ConsumerGroupLag() {
    }

    /**
     * @throws TimeoutException if Kafka does not answer within the timeout
     */
    public static long of(Admin admin, String groupId, String topic, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(left(deadline), TimeUnit.NANOSECONDS)
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (TopicPartition tp : partitions) {
            latest.put(tp, OffsetSpec.latest());
            earliest.put(tp, OffsetSpec.earliest());
        }
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(left(deadline), TimeUnit.NANOSECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all().get(left(deadline), TimeUnit.NANOSECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                .get(left(deadline), TimeUnit.NANOSECONDS);
        long lag = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            long from = c != null ? c.offset() : starts.get(tp).offset();
            lag += Math.max(0, ends.get(tp).offset() - from);
        }
        return lag;
    }

    private static long left(long deadlineNanos) {
        return Math.max(1, deadlineNanos - System.nanoTime());
    }
}
