package dev.heed.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PendingRecordsTest {
    private static final long MS = 1_000_000L;

    private static List<ConsumerRecord<String, byte[]>> records(int partition, long fromOffset, int count) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new ConsumerRecord<>("t", partition, fromOffset + i, "k", new byte[0]));
        }
        return out;
    }

    @Test
    void aBatchRunsWhenFullOrWhenItsOldestRecordHasWaitedLongEnough() {
        PendingRecords pending = new PendingRecords(4, 20 * MS);
        assertFalse(pending.ready(0));
        assertEquals(Long.MAX_VALUE, pending.nanosUntilDue(0));

        pending.add(records(0, 0, 2), 100 * MS);
        assertFalse(pending.ready(110 * MS), "2 of 4 after 10 of 20 ms");
        assertEquals(10 * MS, pending.nanosUntilDue(110 * MS));
        pending.add(records(0, 2, 1), 115 * MS);
        assertFalse(pending.ready(119 * MS));
        assertTrue(pending.ready(120 * MS), "the oldest has waited 20 ms");
        PendingRecords.Batch due = pending.take(125 * MS);
        assertEquals(List.of(0L, 1L, 2L), due.records().stream().map(ConsumerRecord::offset).toList());
        assertEquals(25 * MS, due.waitedNanos());
        assertTrue(pending.isEmpty());

        pending.add(records(0, 3, 6), 200 * MS);
        assertTrue(pending.ready(200 * MS), "6 waiting, 4 make a full batch at once");
        assertEquals(List.of(3L, 4L, 5L, 6L), pending.take(200 * MS).records().stream().map(ConsumerRecord::offset).toList());
        assertEquals(2, pending.size());
        assertFalse(pending.ready(210 * MS), "the rest waits for more or for its time");
        assertEquals(List.of(7L, 8L), pending.take(220 * MS).records().stream().map(ConsumerRecord::offset).toList());
    }

    @Test
    void zeroWaitRunsWhateverArrived() {
        PendingRecords pending = new PendingRecords(16, 0);
        pending.add(records(0, 0, 1), 5);
        assertTrue(pending.ready(5));
        assertEquals(0, pending.nanosUntilDue(5));
    }

    @Test
    void revokedPartitionsLeaveInArrivalOrderAndTheOthersStay() {
        PendingRecords pending = new PendingRecords(16, 20 * MS);
        pending.add(records(0, 0, 2), 0);
        pending.add(records(1, 10, 2), 0);
        pending.add(records(0, 2, 1), 1);
        List<ConsumerRecord<String, byte[]>> removed = pending.removePartitions(Set.of(new TopicPartition("t", 0)));
        assertEquals(List.of(0L, 1L, 2L), removed.stream().map(ConsumerRecord::offset).toList());
        assertEquals(2, pending.size());
        assertEquals(List.of(10L, 11L), pending.take(0).records().stream().map(ConsumerRecord::offset).toList());
    }
}
