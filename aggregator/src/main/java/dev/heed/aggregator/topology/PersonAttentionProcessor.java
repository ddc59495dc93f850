package dev.heed.aggregator.topology;

import dev.heed.aggregator.AggregatorMetrics;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.topics.PersonKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Puts each task's pose samples back into event order and runs every person's {@link PersonStateMachine}.
 *
 * <p>Order: the watermark is the task's stream time minus the grace. A sample older than the watermark is
 * late: counted and dropped. Others wait in the {@link ReorderBuffer} until the watermark reaches them, so
 * the state machines see each person's samples in event order, and every decision comes a grace (of stream
 * time) after the sample that caused it.
 *
 * <p>Absence and expiry: a sweep every second of stream time applies the watermark to every person, so a
 * person who stops appearing becomes absent (and is forgotten after the idle timeout) as long as the
 * partition's stream time moves on. Stream time, not the wall clock, keeps results identical on a replay;
 * the price is that a partition that receives nothing at all decides nothing.
 */
public final class PersonAttentionProcessor implements Processor<String, PoseSample, String, PersonOutput> {
    public static final String STATE_STORE = "person-state";
    public static final String BUFFER_STORE = "pose-reorder-buffer";
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

    private final long graceMs;
    private final long idleTimeoutMs;
    private final AggregatorMetrics metrics;
    private ProcessorContext<String, PersonOutput> context;
    private KeyValueStore<String, PersonState> states;
    private ReorderBuffer buffer;

    private PersonAttentionProcessor(Duration grace, Duration idleTimeout, AggregatorMetrics metrics) {
        this.graceMs = grace.toMillis();
        this.idleTimeoutMs = idleTimeout.toMillis();
        this.metrics = metrics;
    }

    public static ProcessorSupplier<String, PoseSample, String, PersonOutput> supplier(Duration grace, Duration idleTimeout,
                                                                                         AggregatorMetrics metrics) {
        StoreBuilder<KeyValueStore<String, PersonState>> stateStore = Stores
                .keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(), new PersonStateSerde())
                // A person's state changes with every sample; the cache writes it to the changelog once per commit.
                .withCachingEnabled();
        StoreBuilder<?> bufferStore = ReorderBuffer.storeBuilder(BUFFER_STORE);
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, PoseSample, String, PersonOutput> get() {
                return new PersonAttentionProcessor(grace, idleTimeout, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(stateStore, bufferStore);
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, PersonOutput> context) {
        this.context = context;
        this.states = context.getStateStore(STATE_STORE);
        this.buffer = new ReorderBuffer(context.getStateStore(BUFFER_STORE));
        context.schedule(SWEEP_INTERVAL, PunctuationType.STREAM_TIME, t -> sweep());
    }

    @Override
    public void process(Record<String, PoseSample> record) {
        PoseSample sample = record.value();
        long watermark = watermark();
        if (sample.timeMs() < watermark) {
            metrics.lateEvent(sample.person().cameraId());
            return;
        }
        buffer.releaseUpTo(watermark, this::apply);
        if (sample.timeMs() <= watermark) {
            apply(sample);
        } else {
            buffer.add(context.recordMetadata().map(RecordMetadata::offset).orElse(-1L), sample);
        }
    }

    private long watermark() {
        long streamTime = context.currentStreamTimeMs();
        // Unknown (negative) before the task has seen a record.
        return streamTime < 0 ? Long.MIN_VALUE : streamTime - graceMs;
    }

    private void apply(PoseSample sample) {
        String key = sample.person().toString();
        List<AttentionAlert> alerts = new ArrayList<>(2);
        PersonState st = PersonStateMachine.onSample(sample.person(), states.get(key), sample, idleTimeoutMs, alerts);
        states.put(key, st);
        forward(key, alerts);
        context.forward(new Record<>(key, new PersonOutput.LabelledSample(sample, st.state == AttentionState.ATTENDING),
                sample.timeMs()));
    }

    private void sweep() {
        long watermark = watermark();
        if (watermark == Long.MIN_VALUE) {
            return;
        }
        List<KeyValue<String, PersonState>> updated = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        List<AttentionAlert> alerts = new ArrayList<>();
        try (KeyValueIterator<String, PersonState> it = states.all()) {
            while (it.hasNext()) {
                KeyValue<String, PersonState> kv = it.next();
                switch (PersonStateMachine.onWatermark(PersonKey.parse(kv.key), kv.value, watermark, idleTimeoutMs, alerts)) {
                    case UPDATED -> updated.add(kv);
                    case EXPIRED -> expired.add(kv.key);
                    case UNCHANGED -> { }
                }
            }
        }
        updated.forEach(kv -> states.put(kv.key, kv.value));
        for (String key : expired) {
            states.delete(key);
            PersonKey person = PersonKey.parse(key);
            metrics.personGone(person.cameraId(), person.trackId());
        }
        for (AttentionAlert a : alerts) {
            forward(a.getCameraId() + "/" + a.getTrackId(), List.of(a));
        }
    }

    private void forward(String key, List<AttentionAlert> alerts) {
        for (AttentionAlert a : alerts) {
            if (a.getState() == AlertState.RAISED) {
                metrics.alertRaised(a.getCameraId(), a.getType());
            }
            context.forward(new Record<>(key, new PersonOutput.Alert(a), a.getEventTimeMs()));
        }
    }
}
