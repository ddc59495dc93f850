package dev.heed.aggregator.topology;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.apache.kafka.streams.state.internals.StateStoreProvider;

/**
 * The people's states as live objects, over a changelogged RocksDB store of their bytes.
 *
 * <p>Why: a person's state is read and written with every pose event. Kafka Streams' own record cache holds bytes,
 * so every get deserializes the state and every put serializes it again, which was the largest cost per event after
 * the reorder buffer. Here the stream thread works on the objects, and the states changed since the last commit are
 * serialized once each, into the RocksDB store (and through it into the changelog), when Streams flushes its caches
 * before committing: within the transaction under exactly-once, as its own cache would.
 *
 * <p>That hook is Kafka Streams' internal {@link CachedStateStore} interface (the one its caching layers implement),
 * and the changelog records it writes need a record context when none is current; both are checked by the
 * exactly-once kill/restart test on a real broker. Interactive queries read the RocksDB store, i.e. the states as of
 * the last commit ({@link #committedStates}), never the objects the stream thread is changing.
 */
public final class PersonStateStore implements KeyValueStore<String, PersonState>, CachedStateStore<String, PersonState> {
    private final KeyValueStore<Bytes, byte[]> bytes;
    private final PersonStateSerde serde = new PersonStateSerde();
    private final Map<String, PersonState> live = new HashMap<>();
    /** Keys put or deleted since the last flush, in order. */
    private final Set<String> dirty = new LinkedHashSet<>();
    private InternalProcessorContext<?, ?> context;
    private boolean loaded;

    private PersonStateStore(KeyValueStore<Bytes, byte[]> bytes) {
        this.bytes = bytes;
    }

    public static StoreBuilder<PersonStateStore> builder(String name) {
        StoreBuilder<KeyValueStore<Bytes, byte[]>> inner = Stores
                .keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled();
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<PersonStateStore> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<PersonStateStore> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<PersonStateStore> withLoggingEnabled(Map<String, String> config) {
                inner.withLoggingEnabled(config);
                return this;
            }

            @Override
            public StoreBuilder<PersonStateStore> withLoggingDisabled() {
                throw new UnsupportedOperationException("the person states must be changelogged: they are not recomputable");
            }

            @Override
            public PersonStateStore build() {
                return new PersonStateStore(inner.build());
            }

            @Override
            public Map<String, String> logConfig() {
                return inner.logConfig();
            }

            @Override
            public boolean loggingEnabled() {
                return inner.loggingEnabled();
            }

            @Override
            public String name() {
                return inner.name();
            }
        };
    }

    /** For interactive queries: each instance's people as of its last commit (see the class comment). */
    public static QueryableStoreType<ReadOnlyKeyValueStore<String, PersonState>> committedStates() {
        return new QueryableStoreType<>() {
            @Override
            public boolean accepts(StateStore store) {
                return store instanceof PersonStateStore;
            }

            @Override
            public ReadOnlyKeyValueStore<String, PersonState> create(StateStoreProvider provider, String storeName) {
                return new CommittedView(provider.stores(storeName, this).stream().map(s -> ((PersonStateStore) s).bytes).toList());
            }
        };
    }

    // StateStore

    @Override
    public String name() {
        return bytes.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        this.context = (InternalProcessorContext<?, ?>) context;
        bytes.init(context, root);
    }

    @Override
    public void flush() {
        flushCache();
        bytes.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        flushCache();
        bytes.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return bytes.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return bytes.managesOffsets();
    }

    @Override
    public void close() {
        live.clear();
        dirty.clear();
        loaded = false;
        bytes.close();
    }

    @Override
    public boolean persistent() {
        return bytes.persistent();
    }

    @Override
    public boolean isOpen() {
        return bytes.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return bytes.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return bytes.getPosition();
    }

    // CachedStateStore: Streams calls flushCache before it commits.

    @Override
    public boolean setFlushListener(CacheFlushListener<String, PersonState> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void flushCache() {
        if (dirty.isEmpty()) {
            return;
        }
        ProcessorRecordContext current = context.recordContext();
        if (current == null) {
            // A flush outside processing (a close before any record): the changelog records need a timestamp.
            context.setRecordContext(new ProcessorRecordContext(0, -1, -1, null, new org.apache.kafka.common.header.internals.RecordHeaders()));
        }
        try {
            for (String key : dirty) {
                PersonState s = live.get(key);
                Bytes k = Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
                if (s == null) {
                    bytes.delete(k);
                } else {
                    bytes.put(k, serde.write(s));
                    s.unflushed = false;
                }
            }
            dirty.clear();
        } finally {
            if (current == null) {
                context.setRecordContext(null);
            }
        }
    }

    @Override
    public void clearCache() {
        // The task is being revived from its changelog: forget the objects, read them again from the store.
        live.values().forEach(s -> s.unflushed = false);
        live.clear();
        dirty.clear();
        loaded = false;
    }

    // KeyValueStore, for the stream thread.

    @Override
    public PersonState get(String key) {
        load();
        return live.get(key);
    }

    @Override
    public void put(String key, PersonState value) {
        if (value != null && value.unflushed) {
            // The same object again (a state is only ever stored under its person's key): already due for the flush.
            return;
        }
        load();
        if (value == null) {
            live.remove(key);
        } else {
            live.put(key, value);
            value.unflushed = true;
        }
        dirty.add(key);
    }

    @Override
    public PersonState putIfAbsent(String key, PersonState value) {
        PersonState previous = get(key);
        if (previous == null) {
            put(key, value);
        }
        return previous;
    }

    @Override
    public void putAll(List<KeyValue<String, PersonState>> entries) {
        entries.forEach(kv -> put(kv.key, kv.value));
    }

    @Override
    public PersonState delete(String key) {
        PersonState previous = get(key);
        put(key, null);
        return previous;
    }

    @Override
    public KeyValueIterator<String, PersonState> range(String from, String to) {
        load();
        return iterator(live.keySet().stream().filter(k -> (from == null || k.compareTo(from) >= 0) && (to == null || k.compareTo(to) <= 0)).sorted().toList());
    }

    @Override
    public KeyValueIterator<String, PersonState> all() {
        return range(null, null);
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, PersonState> prefixScan(P prefix, PS prefixKeySerializer) {
        load();
        String p = (String) prefix;
        return iterator(live.keySet().stream().filter(k -> k.startsWith(p)).sorted().toList());
    }

    @Override
    public long approximateNumEntries() {
        load();
        return live.size();
    }

    /** After a restore, the states are read from the store once, on first use (processors start after restoring). */
    private void load() {
        if (loaded) {
            return;
        }
        try (KeyValueIterator<Bytes, byte[]> it = bytes.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                live.put(new String(kv.key.get(), StandardCharsets.UTF_8), serde.read(kv.value));
            }
        }
        loaded = true;
    }

    /** Over a snapshot of the keys: the caller may put and delete while iterating, as with the other stores. */
    private KeyValueIterator<String, PersonState> iterator(List<String> keys) {
        Iterator<String> it = keys.iterator();
        return new KeyValueIterator<>() {
            private String next = advance();

            private String advance() {
                while (it.hasNext()) {
                    String k = it.next();
                    if (live.containsKey(k)) {
                        return k;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public KeyValue<String, PersonState> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                KeyValue<String, PersonState> kv = KeyValue.pair(next, live.get(next));
                next = advance();
                return kv;
            }

            @Override
            public String peekNextKey() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                return next;
            }

            @Override
            public void close() {
            }
        };
    }

    /** The committed states of every local task's store, read-only, deserialized on each read. */
    private static final class CommittedView implements ReadOnlyKeyValueStore<String, PersonState> {
        private final List<KeyValueStore<Bytes, byte[]>> stores;
        private final PersonStateSerde serde = new PersonStateSerde();

        CommittedView(List<KeyValueStore<Bytes, byte[]>> stores) {
            this.stores = stores;
        }

        @Override
        public PersonState get(String key) {
            Bytes k = Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
            for (KeyValueStore<Bytes, byte[]> s : stores) {
                byte[] v = s.get(k);
                if (v != null) {
                    return serde.read(v);
                }
            }
            return null;
        }

        @Override
        public <PS extends Serializer<P>, P> KeyValueIterator<String, PersonState> prefixScan(P prefix, PS prefixKeySerializer) {
            List<KeyValue<String, PersonState>> out = new ArrayList<>();
            for (KeyValueStore<Bytes, byte[]> s : stores) {
                try (KeyValueIterator<Bytes, byte[]> it = s.prefixScan(prefix, prefixKeySerializer)) {
                    it.forEachRemaining(kv -> out.add(KeyValue.pair(new String(kv.key.get(), StandardCharsets.UTF_8), serde.read(kv.value))));
                }
            }
            out.sort(java.util.Comparator.comparing(kv -> kv.key));
            Iterator<KeyValue<String, PersonState>> it = out.iterator();
            return new KeyValueIterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public KeyValue<String, PersonState> next() {
                    return it.next();
                }

                @Override
                public String peekNextKey() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public KeyValueIterator<String, PersonState> range(String from, String to) {
            throw new UnsupportedOperationException("the people endpoint reads by camera prefix");
        }

        @Override
        public KeyValueIterator<String, PersonState> all() {
            return prefixScan("", new org.apache.kafka.common.serialization.StringSerializer());
        }

        @Override
        public long approximateNumEntries() {
            return stores.stream().mapToLong(KeyValueStore::approximateNumEntries).sum();
        }
    }
}
