package dev.heed.aggregator.topology;

import dev.heed.aggregator.AggregatorMetrics;
import dev.heed.aggregator.policy.PolicyResolver;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionPolicy;
import dev.heed.proto.v1.AttentionStateChange;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.topics.PersonKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Runs every person's {@link PersonStateMachine} and {@link PersonWindows} on their samples as they arrive: each pose
 * event is validated ({@link PoseEventValidator}), given the attention settings of its policy (looked up in the
 * global policy store), and applied. One node for all of it: each hop between nodes costs per event.
 *
 * <p>Order: a person's samples arrive in capture order (one track is one key on one partition, produced in order),
 * so each sample is decided at once. One that is not newer than the person's last sample is a duplicate (a
 * redelivery: its capture time is among the person's recent ones) or late; either is counted and dropped. A sample
 * that would reopen a window its camera's clock has closed, or that comes after its camera's clock has already made
 * the person absent in its place, is late too (see {@link CameraClocks}).
 *
 * <p>Decisions without a sample: a person's windows close when their camera's clock passes the end (the first
 * sample of any person of the camera past it closes them all, and a progress record tells the camera side); absence,
 * expiry and time-sharing clears follow each camera's clock in a sweep every second of the partition's event time,
 * and are decided at the same instants by the person's next sample if that comes first. Sweeps and closes happen at
 * fixed points of the input (the sample that moves a clock past a boundary), never on the wall clock, so a replay
 * after a crash produces the same records. A stream's end (a GONE record with stream_ended) decides at once what
 * its camera's people here still had open, windows included, instead of waiting for a clock that will not move.
 */
public final class PersonAttentionProcessor implements Processor<String, PoseEvent, String, PersonOutput> {
    public static final String STATE_STORE = "person-state";
    static final long SWEEP_INTERVAL_MS = Duration.ofSeconds(1).toMillis();

    private final long idleTimeoutMs;
    private final AggregatorMetrics metrics;
    private final PoseEventValidator validator;
    private final PolicyResolver resolver;
    private final Clock wallClock;
    private final PersonWindows windows;
    private final CameraClocks clocks;
    private final Decisions decided = new Decisions();
    private final List<WindowAccumulator> closed = new ArrayList<>();
    private ProcessorContext<String, PersonOutput> context;
    private KeyValueStore<String, PersonState> states;
    private TimestampedKeyValueStore<String, AttentionPolicy> policies;
    private int partition;
    /** The second of the partition's newest capture time, and of its clock, at the last sweep. */
    private long sweptNewest;
    private long sweptClock;

    private PersonAttentionProcessor(List<Duration> windowSizes, Duration grace, Duration idleTimeout, PolicyResolver resolver,
                                     AggregatorMetrics metrics, Clock wallClock) {
        this.idleTimeoutMs = idleTimeout.toMillis();
        this.metrics = metrics;
        this.validator = new PoseEventValidator(metrics);
        this.resolver = resolver;
        this.wallClock = wallClock;
        this.windows = new PersonWindows(windowSizes);
        this.clocks = new CameraClocks(grace.toMillis());
    }

    /**
     * @param resolver  the attention settings of an event from the policy found for it in the global store
     *                  {@link AttentionTopology#POLICY_STORE}
     * @param wallClock only for the delay metrics; every decision is on event time
     */
    public static ProcessorSupplier<String, PoseEvent, String, PersonOutput> supplier(List<Duration> windowSizes, Duration grace,
                                                                                        Duration idleTimeout, PolicyResolver resolver,
                                                                                        AggregatorMetrics metrics, Clock wallClock) {
        // A person's state changes with every sample: the store keeps it as an object and writes it once per commit.
        StoreBuilder<PersonStateStore> stateStore = PersonStateStore.builder(STATE_STORE);
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, PoseEvent, String, PersonOutput> get() {
                return new PersonAttentionProcessor(windowSizes, grace, idleTimeout, resolver, metrics, wallClock);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(stateStore);
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, PersonOutput> context) {
        this.context = context;
        this.states = context.getStateStore(STATE_STORE);
        this.policies = context.getStateStore(AttentionTopology.POLICY_STORE);
        this.partition = context.taskId().partition();
        // The clocks from the restored states: what they were when the restored state was committed.
        clocks.clear();
        try (KeyValueIterator<String, PersonState> it = states.all()) {
            while (it.hasNext()) {
                KeyValue<String, PersonState> kv = it.next();
                if (kv.value.ended) {
                    clocks.sawTime(kv.value.lastSeenMs);
                } else {
                    clocks.restorePerson(PersonKey.parse(kv.key).cameraId(), kv.value.lastSeenMs);
                }
            }
        }
        clocks.markAllReported();
        sweptNewest = second(clocks.partitionNewestMs());
        sweptClock = second(clocks.partitionClock());
    }

    @Override
    public void process(Record<String, PoseEvent> record) {
        // Bad input throws before anything changes; the processing exception handler dead-letters it.
        ValidatedPose pose = validator.validate(record.key(), record.timestamp(), record.value());
        String policyKey = pose.policyKey();
        PoseSample s = pose.toSample(resolver.resolve(policyKey, ValueAndTimestamp.getValueOrNull(policies.get(policyKey))));
        PersonKey person = s.person();
        String camera = person.cameraId();
        String key = pose.key();
        long t = s.timeMs();
        if (s.gone() && pose.event().getStreamEnded()) {
            endStream(camera, t);
            return;
        }
        PersonState st = states.get(key);
        if (st != null && t <= st.lastSeenMs) {
            if (st.recent.contains(t)) {
                metrics.duplicateEvent(camera);
            } else {
                metrics.lateEvent(camera);
            }
            return;
        }
        if (st != null && st.ended) {
            // A newer sample under the key of a person whose stream has ended: a new stream, a new person.
            st = null;
        }
        long clockBefore = clocks.clock(camera);
        if (clockBefore != Long.MIN_VALUE
                && (t < windows.lastBoundary(clockBefore) || (st != null && PersonStateMachine.contradictsAbsence(st, t, clockBefore)))) {
            metrics.lateEvent(camera);
            return;
        }

        clocks.applied(camera, t);
        long clock = clocks.clock(camera);
        boolean isNew = st == null;
        if (st != null && PersonStateMachine.onClock(person, st, clock, idleTimeoutMs, decided) == PersonStateMachine.Swept.EXPIRED) {
            // Forgotten and back at once: the slot is reused, the camera keeps its count.
            PersonWindows.closeEndingBy(st, Long.MAX_VALUE, closed);
            st = null;
        }
        if (st != null) {
            PersonWindows.closeEndingBy(st, clock, closed);
        }
        st = PersonStateMachine.onSample(person, st, s, idleTimeoutMs, decided);
        if (st == null) {
            // GONE of a person not known here: nothing to end.
            emit(person, key);
            return;
        }
        if (!s.gone()) {
            windows.add(st, s, st.state == AttentionState.ATTENDING);
        }
        states.put(key, st);
        if (isNew) {
            clocks.personAdded(camera);
        }
        emit(person, key);

        report(camera, key);
        long newest = second(clocks.partitionNewestMs());
        long partitionClock = second(clocks.partitionClock());
        if (newest > sweptNewest || partitionClock > sweptClock) {
            sweptNewest = newest;
            sweptClock = partitionClock;
            sweep();
        }
    }

    /**
     * A GONE record with stream_ended: the camera's stream has ended at t. Every person of the camera here last seen
     * by then ends with it ({@link PersonStateMachine#endStream}) and has their windows closed at once; once none of
     * the camera's people is left here, the camera side is told that this task has left, so the camera's windows close
     * too. One such record reaching the partition is enough; the others find nobody left. People seen after t belong to
     * a later stream of the camera (a redelivered record) and are left alone.
     */
    private void endStream(String camera, long t) {
        List<KeyValue<String, PersonState>> ended = new ArrayList<>();
        try (KeyValueIterator<String, PersonState> it = states.prefixScan(camera + "/", new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, PersonState> kv = it.next();
                PersonState st = kv.value;
                if (st.ended || st.lastSeenMs > t) {
                    continue;
                }
                PersonKey person = PersonKey.parse(kv.key);
                PersonStateMachine.endStream(person, st, t, decided);
                PersonWindows.closeEndingBy(st, Long.MAX_VALUE, closed);
                emit(person, kv.key);
                ended.add(kv);
                forgotten(person, t);
            }
        }
        ended.forEach(kv -> states.put(kv.key, kv.value));
        clocks.sawTime(t);
    }

    /**
     * A person is no longer one of their camera's people here (idle timeout, or their stream ended) and every window
     * of theirs has been emitted; the last of the camera's people here takes the camera with them, and the camera
     * side is told that this task has left.
     */
    private void forgotten(PersonKey person, long stampMs) {
        metrics.personGone(person.cameraId(), person.trackId());
        if (clocks.personRemoved(person.cameraId())) {
            forward(new PersonOutput.Progress(person.cameraId(), partition, stampMs, true), person.cameraId(), stampMs);
        }
    }

    /**
     * Once the camera's clock has entered a new second: if it has passed a window boundary, closes the windows of
     * the camera's other people that it ended; then tells the camera side how far the camera's windows are closed.
     */
    private void report(String camera, String updatedKey) {
        long clock = clocks.clock(camera);
        long reported = clocks.reported(camera);
        if (second(clock) <= second(reported)) {
            return;
        }
        if (updatedKey != null && windows.lastBoundary(clock) > (reported == Long.MIN_VALUE ? Long.MIN_VALUE : windows.lastBoundary(reported))) {
            closeCameraWindows(camera, clock, updatedKey);
        }
        clocks.reported(camera, clock);
        forward(new PersonOutput.Progress(camera, partition, clock, false), camera, clock);
    }

    /** Closes the windows that the camera's clock has ended of its people other than the one just updated. */
    private void closeCameraWindows(String camera, long clock, String exceptKey) {
        List<KeyValue<String, PersonState>> changed = new ArrayList<>();
        try (KeyValueIterator<String, PersonState> it = states.prefixScan(camera + "/", new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, PersonState> kv = it.next();
                if (!kv.key.equals(exceptKey) && PersonWindows.closeEndingBy(kv.value, clock, closed)) {
                    changed.add(kv);
                    emit(PersonKey.parse(kv.key), kv.key);
                }
            }
        }
        changed.forEach(kv -> states.put(kv.key, kv.value));
    }

    /** Every person against their camera's clock: absence, expiry, time-sharing clears, windows; then progress. */
    private void sweep() {
        List<KeyValue<String, PersonState>> updated = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        List<String> expiredEnded = new ArrayList<>();
        try (KeyValueIterator<String, PersonState> it = states.all()) {
            while (it.hasNext()) {
                KeyValue<String, PersonState> kv = it.next();
                PersonKey person = PersonKey.parse(kv.key);
                long clock = clocks.clock(person.cameraId());
                PersonStateMachine.Swept swept = PersonStateMachine.onClock(person, kv.value, clock, idleTimeoutMs, decided);
                if (swept == PersonStateMachine.Swept.EXPIRED && kv.value.ended) {
                    // Forgotten when their stream ended: only the record is left.
                    expiredEnded.add(kv.key);
                } else if (swept == PersonStateMachine.Swept.EXPIRED) {
                    PersonWindows.closeEndingBy(kv.value, Long.MAX_VALUE, closed);
                    expired.add(kv.key);
                } else if (PersonWindows.closeEndingBy(kv.value, clock, closed) || swept == PersonStateMachine.Swept.UPDATED) {
                    updated.add(kv);
                }
                emit(person, kv.key);
            }
        }
        updated.forEach(kv -> states.put(kv.key, kv.value));
        expiredEnded.forEach(states::delete);
        for (String key : expired) {
            states.delete(key);
            PersonKey person = PersonKey.parse(key);
            // Stamped with the partition's clock: the one a camera that has left here follows.
            forgotten(person, clocks.partitionClock());
        }
        for (String camera : clocks.cameras()) {
            // Every person of the camera had their windows closed above.
            report(camera, null);
        }
    }

    /** Forwards and clears what the last step decided for the person: state changes, alerts, then closed windows. */
    private void emit(PersonKey person, String key) {
        long now = wallClock.millis();
        for (AttentionStateChange c : decided.changes) {
            forward(new PersonOutput.StateChange(c), key, c.getEventTimeMs());
        }
        for (AttentionAlert a : decided.alerts) {
            if (a.getState() == AlertState.RAISED) {
                metrics.alertRaised(a.getCameraId(), a.getType());
            }
            metrics.alertEmitted(a, now);
            forward(new PersonOutput.Alert(a), key, a.getEventTimeMs());
        }
        decided.clear();
        for (WindowAccumulator w : closed) {
            var window = w.toWindow(person);
            metrics.windowEmitted(window, now);
            forward(new PersonOutput.Window(window, partition), key, w.startMs());
        }
        closed.clear();
    }

    private void forward(PersonOutput out, String key, long timestamp) {
        context.forward(new Record<>(key, out, Math.max(0, timestamp)));
    }

    /** The second t falls in; Long.MIN_VALUE for an unknown time. */
    private static long second(long t) {
        return t == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(t, SWEEP_INTERVAL_MS);
    }
}
