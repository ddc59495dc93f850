package dev.heed.aggregator.topology;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The pose samples of one task that are still within their grace, in event-time order. A sample is held
 * until the watermark (stream time minus grace) reaches its time, then released; samples of all persons
 * come out in one event-time order, so everything downstream sees time move forward only.
 *
 * <p>Keys are the event time (sign bit flipped, big-endian, so bytes sort like numbers) followed by the
 * source offset, which is unique within the task's one input partition: equal times keep their arrival
 * order, and a replay after a crash writes the same keys. The store is in memory and changelogged: it holds
 * at most a grace's worth of events and is rebuilt from its changelog on restart.
 */
final class ReorderBuffer {
    private final KeyValueStore<Bytes, byte[]> store;

    ReorderBuffer(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    static StoreBuilder<KeyValueStore<Bytes, byte[]>> storeBuilder(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray());
    }

    void add(long offset, PoseSample sample) {
        store.put(key(sample.timeMs(), offset), PoseSampleSerde.write(sample));
    }

    /** Releases, oldest first, every sample at or before the watermark. */
    void releaseUpTo(long watermarkMs, Consumer<PoseSample> sink) {
        List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(null, key(watermarkMs, Long.MAX_VALUE))) {
            while (it.hasNext()) {
                due.add(it.next());
            }
        }
        for (KeyValue<Bytes, byte[]> kv : due) {
            store.delete(kv.key);
            sink.accept(PoseSampleSerde.read(kv.value));
        }
    }

    static Bytes key(long timeMs, long offset) {
        return Bytes.wrap(ByteBuffer.allocate(16).putLong(timeMs ^ Long.MIN_VALUE).putLong(offset ^ Long.MIN_VALUE).array());
    }
}
