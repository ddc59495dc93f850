package dev.heed.aggregator.topology;

import dev.heed.aggregator.AggregatorMetrics;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AlertType;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.topics.PersonKey;
import dev.heed.topics.Topics;
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
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Raises one LONG_DISTRACTION alert when a person has been away continuously for at least the threshold of
 * event time (the current away sample's time minus the first away sample's time), and clears it at the
 * first attending sample after that. Both records carry the same id, built from the first away sample's
 * time, so a replay from the changelog produces the same ids. duration_ms is always
 * event_time_ms - started_at_ms.
 *
 * <p>A sample older than the person's last processed sample is ignored and counted as late: reordering
 * would need a buffer of recent samples, which this state machine does not keep yet.
 *
 * <p>Tracks end without notice, so a person's state is dropped once stream time has passed its last sample
 * by the idle timeout; an alert still raised then is cleared at the last sample's time, so no alert stays
 * open forever.
 */
public final class LongDistractionProcessor implements Processor<String, PoseSample, String, AttentionAlert> {
    public static final String STORE = "long-distraction-state";

    private final long thresholdMs;
    private final long idleTimeoutMs;
    private final AggregatorMetrics metrics;
    private ProcessorContext<String, AttentionAlert> context;
    private KeyValueStore<String, DistractionState> store;

    private LongDistractionProcessor(Duration threshold, Duration idleTimeout, AggregatorMetrics metrics) {
        this.thresholdMs = threshold.toMillis();
        this.idleTimeoutMs = idleTimeout.toMillis();
        this.metrics = metrics;
    }

    /** The processor with its persistent, changelogged store of one {@link DistractionState} per person. */
    public static ProcessorSupplier<String, PoseSample, String, AttentionAlert> supplier(
            Duration threshold, Duration idleTimeout, AggregatorMetrics metrics) {
        StoreBuilder<KeyValueStore<String, DistractionState>> storeBuilder = Stores
                .keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), new DistractionStateSerde())
                // Samples arrive many times a second per person; the cache writes each person's state to the
                // changelog once per commit instead of once per sample.
                .withCachingEnabled();
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, PoseSample, String, AttentionAlert> get() {
                return new LongDistractionProcessor(threshold, idleTimeout, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(storeBuilder);
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, AttentionAlert> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        Duration every = Duration.ofMillis(Math.min(idleTimeoutMs, Duration.ofMinutes(1).toMillis()));
        context.schedule(every, PunctuationType.STREAM_TIME, this::dropIdlePersons);
    }

    @Override
    public void process(Record<String, PoseSample> record) {
        PoseSample s = record.value();
        String key = record.key();
        long t = s.timeMs();
        DistractionState st = store.get(key);
        if (st != null && t < st.lastEventMs()) {
            metrics.lateEvent(s.person().cameraId());
            return;
        }
        DistractionState next;
        if (s.attending()) {
            if (st != null && st.raised()) {
                forward(key, alert(s.person(), AlertState.CLEARED, t, st.awayStartedMs(), s.policyId()));
            }
            next = new DistractionState(t, DistractionState.NOT_AWAY, false, s.policyId());
        } else {
            boolean continuing = st != null && st.away();
            long started = continuing ? st.awayStartedMs() : t;
            boolean raised = continuing && st.raised();
            if (!raised && t - started >= thresholdMs) {
                forward(key, alert(s.person(), AlertState.RAISED, t, started, s.policyId()));
                metrics.alertRaised(s.person().cameraId(), AlertType.LONG_DISTRACTION);
                raised = true;
            }
            next = new DistractionState(t, started, raised, s.policyId());
        }
        store.put(key, next);
    }

    private void dropIdlePersons(long streamTimeMs) {
        long cutoff = streamTimeMs - idleTimeoutMs;
        List<KeyValue<String, DistractionState>> idle = new ArrayList<>();
        try (KeyValueIterator<String, DistractionState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, DistractionState> kv = it.next();
                if (kv.value.lastEventMs() <= cutoff) {
                    idle.add(kv);
                }
            }
        }
        for (KeyValue<String, DistractionState> kv : idle) {
            DistractionState st = kv.value;
            if (st.raised()) {
                forward(kv.key, alert(PersonKey.parse(kv.key), AlertState.CLEARED, st.lastEventMs(), st.awayStartedMs(),
                        st.policyId()));
            }
            store.delete(kv.key);
        }
    }

    private void forward(String key, AttentionAlert alert) {
        context.forward(new Record<>(key, alert, alert.getEventTimeMs()));
    }

    static String alertId(PersonKey person, AlertType type, long startedAtMs) {
        return person + "/" + type.name() + "/" + startedAtMs;
    }

    private static AttentionAlert alert(PersonKey person, AlertState state, long eventTimeMs, long startedAtMs, String policyId) {
        return AttentionAlert.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setAlertId(alertId(person, AlertType.LONG_DISTRACTION, startedAtMs))
                .setCameraId(person.cameraId())
                .setTrackId(person.trackId())
                .setType(AlertType.LONG_DISTRACTION)
                .setState(state)
                .setEventTimeMs(eventTimeMs)
                .setStartedAtMs(startedAtMs)
                .setDurationMs(eventTimeMs - startedAtMs)
                .setPolicyId(policyId)
                .build();
    }
}
