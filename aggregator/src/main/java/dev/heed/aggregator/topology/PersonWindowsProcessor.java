package dev.heed.aggregator.topology;

import dev.heed.proto.v1.AttentionWindow;
import dev.heed.topics.PersonKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Per-person tumbling windows of every configured size over the labelled samples, each emitted once, when
 * the first sample at or after its end arrives. Samples come in event order from the reorder buffer, so a
 * window is final then: no grace is needed here, and no suppression buffer.
 *
 * <p>Why not the DSL's windowedBy: the samples come out of a Processor, after which the DSL would
 * repartition before any grouping (it cannot know the key is unchanged), writing and reading every sample
 * once more. All windows of one size share their bounds, so closing them is one prefix scan per size and
 * window period. Output records carry the window start as their timestamp.
 */
public final class PersonWindowsProcessor implements Processor<String, PersonOutput.LabelledSample, String, AttentionWindow> {
    public static final String STORE = "person-windows";

    private final long[] sizesMs;
    private final String[] prefixes;
    /** Per size, the end of the newest window period seen; a sample at or after it closes windows. */
    private final long[] nextCloseMs;
    private ProcessorContext<String, AttentionWindow> context;
    private KeyValueStore<String, WindowAccumulator> store;

    private PersonWindowsProcessor(List<Duration> sizes) {
        sizesMs = sizes.stream().mapToLong(Duration::toMillis).toArray();
        prefixes = sizes.stream().map(d -> d.toSeconds() + "s|").toArray(String[]::new);
        nextCloseMs = new long[sizesMs.length];
        // Unknown after a restart: the first sample closes whatever the store still holds that is over.
        Arrays.fill(nextCloseMs, Long.MIN_VALUE);
    }

    public static ProcessorSupplier<String, PersonOutput.LabelledSample, String, AttentionWindow> supplier(List<Duration> sizes) {
        StoreBuilder<KeyValueStore<String, WindowAccumulator>> storeBuilder = Stores
                .keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), new WindowAccumulatorSerde())
                .withCachingEnabled();
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, PersonOutput.LabelledSample, String, AttentionWindow> get() {
                return new PersonWindowsProcessor(sizes);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(storeBuilder);
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, AttentionWindow> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, PersonOutput.LabelledSample> record) {
        PoseSample s = record.value().sample();
        long t = s.timeMs();
        for (int i = 0; i < sizesMs.length; i++) {
            if (t >= nextCloseMs[i]) {
                closeUpTo(i, t);
                nextCloseMs[i] = windowStart(t, sizesMs[i]) + sizesMs[i];
            }
            String key = prefixes[i] + record.key();
            WindowAccumulator acc = store.get(key);
            long start = windowStart(t, sizesMs[i]);
            if (acc == null || acc.startMs() != start) {
                acc = new WindowAccumulator(start);
            }
            store.put(key, acc.add(s, record.value().attending()));
        }
    }

    /** Emits and forgets every window of size i that ends at or before t. */
    private void closeUpTo(int i, long t) {
        List<KeyValue<String, WindowAccumulator>> closed = new ArrayList<>();
        try (KeyValueIterator<String, WindowAccumulator> it = store.prefixScan(prefixes[i], new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, WindowAccumulator> kv = it.next();
                if (kv.value.startMs() + sizesMs[i] <= t) {
                    closed.add(kv);
                }
            }
        }
        int sizeS = Math.toIntExact(sizesMs[i] / 1000);
        for (KeyValue<String, WindowAccumulator> kv : closed) {
            store.delete(kv.key);
            String personKey = kv.key.substring(prefixes[i].length());
            WindowAccumulator acc = kv.value;
            context.forward(new Record<>(personKey, acc.toWindow(PersonKey.parse(personKey), acc.startMs() + sizesMs[i], sizeS),
                    acc.startMs()));
        }
    }

    static long windowStart(long t, long sizeMs) {
        return Math.floorDiv(t, sizeMs) * sizeMs;
    }
}
