package dev.heed.aggregator;

import dev.heed.common.kafka.KafkaConnectivity;
import dev.heed.aggregator.errors.DeserializationFailureHandler;
import dev.heed.aggregator.http.PeopleSource;
import dev.heed.aggregator.topology.AttentionTopology;
import dev.heed.aggregator.topology.PersonAttentionProcessor;
import dev.heed.aggregator.topology.PersonState;
import dev.heed.aggregator.topology.PersonStateStore;
import dev.heed.aggregator.topology.PersonView;
import dev.heed.proto.v1.AttentionPolicy;
import dev.heed.topics.PersonKey;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.common.security.Redactor;
import dev.heed.common.service.Service;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator as a {@link Service}: the {@link AttentionTopology} running in one KafkaStreams client.
 * Metrics go to the registry passed in (the launcher passes the default registry it serves on /metrics).
 * Its state stores answer interactive queries: a camera's people, and the policies in force.
 */
public final class AggregatorService implements Service, PeopleSource {
    private static final Logger log = LoggerFactory.getLogger(AggregatorService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(9);

    private final AggregatorConfig config;
    private final KafkaSettings kafka;
    private final AggregatorMetrics metrics;
    private final Topology topology;
    private KafkaStreams streams;
    private volatile boolean fatal;
    private boolean closed;

    public AggregatorService(AggregatorConfig config, KafkaSettings kafka, PrometheusRegistry registry) {
        this.config = config;
        this.kafka = kafka;
        this.metrics = new AggregatorMetrics(registry);
        StreamsBuilder builder = new StreamsBuilder();
        AttentionTopology.build(builder, config, metrics);
        this.topology = builder.build();
    }

    @Override
    public String name() {
        return "aggregator";
    }

    @Override
    public synchronized void start() {
        if (streams != null || closed) {
            throw new IllegalStateException("the aggregator service can be started once");
        }
        Properties props = AggregatorStreamsProperties.of(config, kafka, metrics);
        log.info("starting aggregator: {}", printable(props));
        streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(new StreamThreadFailureHandler(5, Duration.ofMinutes(10), Clock.systemUTC(),
                () -> fatal = true));
        streams.setStateListener((now, before) -> {
            log.info("aggregator streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR) {
                fatal = true;
            }
        });
        try {
            // Blocks until the policies' global store is loaded; fails if its topic is missing.
            streams.start();
        } catch (StreamsException e) {
            fatal = true;
            streams.close(Duration.ofSeconds(5));
            throw new IllegalStateException("the aggregator cannot start: " + e.getMessage()
                    + " (create the topics with `heed topics`)", e);
        }
    }

    @Override
    public boolean isReady() {
        KafkaStreams s = streams;
        // Streams stays RUNNING while the brokers are away; its clients' connections say whether it can work.
        return s != null && s.state() == KafkaStreams.State.RUNNING && KafkaConnectivity.connected(s.metrics());
    }

    @Override
    public boolean isAlive() {
        KafkaStreams s = streams;
        return !fatal && (s == null || (s.state() != KafkaStreams.State.ERROR && s.state() != KafkaStreams.State.PENDING_ERROR));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (streams != null) {
            // Within ServiceRunner's 10 s: commit, flush stores and leave the group so partitions move at once.
            if (!streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
                log.warn("aggregator streams did not stop within {}", CLOSE_TIMEOUT);
            }
        }
    }

    /** The camera's people from this instance's partitions, by track id (see PeopleEndpoint for several instances). */
    @Override
    public List<PersonView> people(String cameraId) {
        PersonKey.requireValidCameraId(cameraId);
        // As of the last commit (--commit-interval): the stream thread's own objects are not read from here.
        ReadOnlyKeyValueStore<String, PersonState> store = queryable().store(StoreQueryParameters.fromNameAndType(
                PersonAttentionProcessor.STATE_STORE, PersonStateStore.committedStates()));
        List<PersonView> people = new ArrayList<>();
        try (KeyValueIterator<String, PersonState> it = store.prefixScan(cameraId + "/", new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, PersonState> kv = it.next();
                people.add(PersonView.of(PersonKey.parse(kv.key), kv.value));
            }
        }
        people.sort(Comparator.comparingLong(p -> p.person().trackId()));
        return people;
    }

    /** The policy stored under the id in this instance's copy of heed.attention-policies.v1. */
    public Optional<AttentionPolicy> policy(String policyId) {
        ReadOnlyKeyValueStore<String, AttentionPolicy> store = queryable().store(StoreQueryParameters.fromNameAndType(
                AttentionTopology.POLICY_STORE, QueryableStoreTypes.<String, AttentionPolicy>keyValueStore()));
        return Optional.ofNullable(store.get(policyId));
    }

    private KafkaStreams queryable() {
        KafkaStreams s = streams;
        if (s == null) {
            throw new InvalidStateStoreException("the aggregator has not started");
        }
        return s;
    }

    public AggregatorMetrics metrics() {
        return metrics;
    }

    public Topology topology() {
        return topology;
    }

    /** The streams client's state, or null before start; for health output and tests. */
    public KafkaStreams.State state() {
        KafkaStreams s = streams;
        return s == null ? null : s.state();
    }

    private static Map<String, String> printable(Properties props) {
        Map<String, Object> m = new HashMap<>();
        props.forEach((k, v) -> {
            if (!DeserializationFailureHandler.METRICS_CONFIG.equals(k)) {
                m.put(k.toString(), v instanceof Class<?> c ? c.getName() : v);
            }
        });
        return Redactor.redactSettings(m);
    }
}
