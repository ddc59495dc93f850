package dev.heed.aggregator.topology;

import dev.heed.aggregator.AggregatorMetrics;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.CameraWindowFeed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
 * A camera's windows, pooled from its people's closed windows, on the camera's partition. A camera window closes
 * as soon as every person-side task with people of the camera has reported (see {@link CameraWindowFeed}) that it
 * has sent all its person windows ending at or before the window's end: one frame after the end when the camera
 * is live. A task that stops reporting holds the camera up for at most the allowance (the grace) behind the most
 * advanced one; a person window that arrives after its camera window has been written is counted as late and left
 * out of it. Only windows with at least one person window are written.
 */
public final class CameraWindowsProcessor implements Processor<String, CameraWindowFeed, String, AttentionWindow> {
    public static final String WINDOW_STORE = "camera-windows";
    public static final String PROGRESS_STORE = "camera-progress";

    private final long allowanceMs;
    private final int shortestSizeS;
    private final AggregatorMetrics metrics;
    private final Clock wallClock;
    private ProcessorContext<String, AttentionWindow> context;
    private KeyValueStore<String, CameraWindowAccumulator> windows;
    private KeyValueStore<String, CameraProgress> progress;

    private CameraWindowsProcessor(Duration allowance, int shortestSizeS, AggregatorMetrics metrics, Clock wallClock) {
        this.allowanceMs = allowance.toMillis();
        this.shortestSizeS = shortestSizeS;
        this.metrics = metrics;
        this.wallClock = wallClock;
    }

    /** @param allowance how far the most advanced task may be past a window's end before a lagging one stops holding it */
    public static ProcessorSupplier<String, CameraWindowFeed, String, AttentionWindow> supplier(Duration allowance,
                                                                                               Duration shortestSize,
                                                                                               AggregatorMetrics metrics,
                                                                                               Clock wallClock) {
        // Cached: a camera's progress changes with every feed record, its windows with every person window.
        StoreBuilder<KeyValueStore<String, CameraWindowAccumulator>> windowStore = Stores
                .keyValueStoreBuilder(Stores.persistentKeyValueStore(WINDOW_STORE), Serdes.String(), new CameraWindowAccumulatorSerde())
                .withCachingEnabled();
        StoreBuilder<KeyValueStore<String, CameraProgress>> progressStore = Stores
                .keyValueStoreBuilder(Stores.persistentKeyValueStore(PROGRESS_STORE), Serdes.String(),
                        new CameraProgress.CameraProgressSerde())
                .withCachingEnabled();
        int shortestS = Math.toIntExact(shortestSize.toSeconds());
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, CameraWindowFeed, String, AttentionWindow> get() {
                return new CameraWindowsProcessor(allowance, shortestS, metrics, wallClock);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(windowStore, progressStore);
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, AttentionWindow> context) {
        this.context = context;
        this.windows = context.getStateStore(WINDOW_STORE);
        this.progress = context.getStateStore(PROGRESS_STORE);
    }

    @Override
    public void process(Record<String, CameraWindowFeed> record) {
        String camera = record.key();
        CameraWindowFeed feed = record.value();
        CameraProgress p = progress.get(camera);
        if (p == null) {
            p = new CameraProgress();
        }
        int source = feed.getSourcePartition();
        switch (feed.getKindCase()) {
            case PERSON_WINDOW -> {
                p.join(source);
                add(camera, p, feed.getPersonWindow());
            }
            case CLOSED_UNTIL_MS -> p.advance(source, feed.getClosedUntilMs());
            case LEAVING -> p.leave(source);
            case KIND_NOT_SET -> throw new IllegalArgumentException("camera window feed record without a kind");
        }
        close(camera, p, p.closable(allowanceMs));
        progress.put(camera, p);
    }

    private void add(String camera, CameraProgress p, AttentionWindow w) {
        int sizeS = w.getWindowSizeS();
        if (w.getWindowEndMs() <= p.closedThrough(sizeS)) {
            metrics.lateWindow(camera);
            return;
        }
        String key = key(camera, sizeS, w.getWindowStartMs());
        CameraWindowAccumulator acc = windows.get(key);
        windows.put(key, (acc == null ? new CameraWindowAccumulator() : acc).add(w));
        p.nextEndMs = Math.min(p.nextEndMs, w.getWindowEndMs());
    }

    /** Writes and forgets the camera's open windows that end at or before {@code closable}, in the order they end. */
    private void close(String camera, CameraProgress p, long closable) {
        if (closable == CameraProgress.UNKNOWN) {
            return;
        }
        if (closable != Long.MAX_VALUE) {
            // Also periods in which nobody had samples: a window arriving for one of them later is late too.
            for (Integer sizeS : p.closedThrough.keySet().toArray(Integer[]::new)) {
                p.closeThrough(sizeS, Math.floorDiv(closable, sizeS * 1000L) * sizeS * 1000L);
            }
        }
        if (closable < p.nextEndMs) {
            return;
        }
        record Open(String key, int sizeS, long startMs, CameraWindowAccumulator acc) {
        }
        List<Open> due = new ArrayList<>();
        long nextEnd = Long.MAX_VALUE;
        try (KeyValueIterator<String, CameraWindowAccumulator> it = windows.prefixScan(camera + "|", new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, CameraWindowAccumulator> kv = it.next();
                String[] parts = kv.key.split("\\|");
                int sizeS = Integer.parseInt(parts[1]);
                long start = Long.parseLong(parts[2]);
                long end = start + sizeS * 1000L;
                if (end <= closable) {
                    due.add(new Open(kv.key, sizeS, start, kv.value));
                } else {
                    nextEnd = Math.min(nextEnd, end);
                }
            }
        }
        p.nextEndMs = nextEnd;
        // In the order they ended: at a stream's end every open window closes at once, and a reader expects time order.
        due.sort(Comparator.comparingLong((Open o) -> o.startMs() + o.sizeS() * 1000L).thenComparingInt(Open::sizeS));
        long now = wallClock.millis();
        for (Open o : due) {
            windows.delete(o.key());
            long end = o.startMs() + o.sizeS() * 1000L;
            p.closeThrough(o.sizeS(), end);
            AttentionWindow w = o.acc().toWindow(camera, o.startMs(), end, o.sizeS());
            if (o.sizeS() == shortestSizeS) {
                metrics.cameraWindowClosed(w);
            }
            metrics.windowEmitted(w, now);
            context.forward(new Record<>(camera, w, o.startMs()));
        }
    }

    /** "camera|size|start": a prefix scan finds a camera's windows. Camera ids hold no '|'. */
    private static String key(String camera, int sizeS, long startMs) {
        return camera + "|" + sizeS + "|" + startMs;
    }
}
