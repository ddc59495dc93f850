package dev.heed.ingest.preview;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.heed.common.cli.CommandRunner;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionPolicy;
import dev.heed.proto.v1.AttentionStateChange;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the rest of Heed says about the previewed cameras: pose events, attention states, alerts and policies.
 * It assigns itself every partition (no consumer group: nothing to commit, no group to authorise) and starts a
 * timeline span back in time, policies from the beginning (compacted). Records of other cameras are skipped;
 * unreadable ones are counted, and left to the services that own them to dead-letter.
 */
final class PreviewFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PreviewFeed.class);
    private static final List<String> TOPICS = List.of(Topics.ATTENTION_POLICIES.name(), Topics.POSE_EVENTS.name(),
            Topics.ATTENTION_STATES.name(), Topics.ATTENTION_ALERTS.name());
    /** New partitions (a topic grown, or created after start) are picked up this often. */
    private static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);
    /** Policies are operator-made and few; the bound only guards against a flood of ids. */
    private static final int MAX_POLICIES = 10_000;

    private final KafkaSettings kafka;
    private final PreviewSettings settings;
    private final Function<String, CameraChannel> channels;
    private final Supplier<List<CameraChannel>> allChannels;
    private final PreviewMetrics metrics;
    /** Policy id to its cone; an invalid policy's cone is null. Read by other threads via {@link #coneOf}. */
    private final Map<String, Cone> policies = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean assigned;
    private long skipped;

    private record Cone(AttendingCone cone, String source) {
    }

    PreviewFeed(KafkaSettings kafka, PreviewSettings settings, Function<String, CameraChannel> channels,
                Supplier<List<CameraChannel>> allChannels, PreviewMetrics metrics) {
        this.kafka = kafka;
        this.settings = settings;
        this.channels = channels;
        this.allChannels = allChannels;
        this.metrics = metrics;
        Map<String, Object> props = kafka.consumer("unused", "heed-ingest-preview");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        // Alerts and states come from an exactly-once topology: never show what it aborted.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A viewer should see an alert well within a second of its record.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        this.consumer = new KafkaConsumer<>(props);
        this.thread = new Thread(this::run, "heed-preview-feed");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** True once the feed has its partitions and reads. */
    boolean isAssigned() {
        return assigned;
    }

    /** The cone event of a camera's channel, from the policy under its policy id or the defaults. */
    String coneOf(CameraChannel channel) {
        Cone c = cone(channel.policyId());
        return PreviewEvents.cone(c.cone(), c.source());
    }

    private Cone cone(String policyId) {
        Cone c = policies.get(policyId);
        if (c == null) {
            return new Cone(settings.defaultCone(), "default");
        }
        return c.cone() == null ? new Cone(settings.defaultCone(), "invalid-policy") : c;
    }

    private void run() {
        long nextRefresh = 0;
        try {
            while (true) {
                try {
                    if (System.nanoTime() - nextRefresh >= 0) {
                        assign();
                        nextRefresh = System.nanoTime() + PARTITION_REFRESH.toNanos();
                    }
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        handle(r);
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    log.warn("preview: reading Kafka at {} failed, retrying in 1 s: {}", kafka.bootstrapServers(), CommandRunner.describe(e));
                    Thread.sleep(1_000);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // close() was called.
        } catch (RuntimeException e) {
            log.error("preview: the Kafka reader stopped; poses, states and alerts are no longer shown: {}", CommandRunner.describe(e));
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** Assigns every partition of the topics; new ones start a timeline span back (policies: from the start). */
    private void assign() {
        Set<TopicPartition> current = consumer.assignment();
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : TOPICS) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos != null) {
                infos.forEach(i -> all.add(new TopicPartition(i.topic(), i.partition())));
            }
        }
        Set<TopicPartition> fresh = new HashSet<>(all);
        fresh.removeAll(current);
        if (fresh.isEmpty()) {
            assigned = !all.isEmpty();
            return;
        }
        consumer.assign(all);
        Map<TopicPartition, Long> since = new HashMap<>();
        long from = System.currentTimeMillis() - settings.timeline().toMillis();
        List<TopicPartition> policyPartitions = new ArrayList<>();
        for (TopicPartition tp : fresh) {
            if (tp.topic().equals(Topics.ATTENTION_POLICIES.name())) {
                policyPartitions.add(tp);
            } else {
                since.put(tp, from);
            }
        }
        // Never with an empty list: Kafka takes that as "every assigned partition", which would move the old ones too.
        if (!policyPartitions.isEmpty()) {
            consumer.seekToBeginning(policyPartitions);
        }
        List<TopicPartition> toEnd = new ArrayList<>();
        if (!since.isEmpty()) {
            for (Map.Entry<TopicPartition, OffsetAndTimestamp> e : consumer.offsetsForTimes(since).entrySet()) {
                if (e.getValue() == null) {
                    toEnd.add(e.getKey());
                } else {
                    consumer.seek(e.getKey(), e.getValue().offset());
                }
            }
        }
        if (!toEnd.isEmpty()) {
            consumer.seekToEnd(toEnd);
        }
        assigned = true;
        log.debug("preview: reading {} partition(s), {} new", all.size(), fresh.size());
    }

    void handle(ConsumerRecord<String, byte[]> r) {
        try {
            String topic = r.topic();
            if (topic.equals(Topics.ATTENTION_POLICIES.name())) {
                policy(r.key(), r.value());
            } else if (topic.equals(Topics.POSE_EVENTS.name())) {
                PoseEvent e = PoseEvent.parseFrom(r.value());
                CameraChannel ch = readable(e.getSchemaVersion(), topic) ? channels.apply(e.getCameraId()) : null;
                if (ch != null) {
                    String policyId = e.getAttentionPolicyId().isEmpty() ? e.getCameraId() : e.getAttentionPolicyId();
                    ch.addTimelineEvent(e.getCaptureTimeMs(), "pose", PreviewEvents.pose(e, cone(policyId).cone()));
                }
            } else if (topic.equals(Topics.ATTENTION_STATES.name())) {
                AttentionStateChange s = AttentionStateChange.parseFrom(r.value());
                CameraChannel ch = readable(s.getSchemaVersion(), topic) ? channels.apply(s.getCameraId()) : null;
                if (ch != null) {
                    ch.addTimelineEvent(s.getEventTimeMs(), "state", PreviewEvents.state(s));
                }
            } else if (topic.equals(Topics.ATTENTION_ALERTS.name())) {
                AttentionAlert a = AttentionAlert.parseFrom(r.value());
                CameraChannel ch = readable(a.getSchemaVersion(), topic) ? channels.apply(a.getCameraId()) : null;
                if (ch != null) {
                    ch.addTimelineEvent(a.getEventTimeMs(), "alert", PreviewEvents.alert(a));
                }
            }
        } catch (InvalidProtocolBufferException | NullPointerException e) {
            skip(r.topic(), "not a valid message");
        }
    }

    private boolean readable(int schemaVersion, String topic) {
        if (schemaVersion > Topics.SCHEMA_VERSION) {
            skip(topic, "schema_version " + schemaVersion + " is newer than this ingest");
            return false;
        }
        return true;
    }

    private void policy(String id, byte[] value) throws InvalidProtocolBufferException {
        if (id == null) {
            skip(Topics.ATTENTION_POLICIES.name(), "a policy without a key");
            return;
        }
        if (value == null) {
            policies.remove(id);
        } else {
            AttentionPolicy p = AttentionPolicy.parseFrom(value);
            Cone cone;
            try {
                cone = new Cone(AttendingCone.of(id, p, settings.defaultCone()), "policy");
            } catch (IllegalArgumentException e) {
                log.warn("preview: attention policy '{}' is invalid; its cameras are shown with the default cone: {}", id, e.getMessage());
                cone = new Cone(null, "invalid-policy");
            }
            if (policies.size() >= MAX_POLICIES && !policies.containsKey(id)) {
                policies.clear();
            }
            policies.put(id, cone);
        }
        for (CameraChannel ch : allChannels.get()) {
            if (ch.policyId().equals(id)) {
                ch.setCone(coneOf(ch));
            }
        }
    }

    private void skip(String topic, String why) {
        metrics.recordSkipped(topic);
        // A flood of bad records must not flood the log: the first and then every 100th.
        if (++skipped == 1 || skipped % 100 == 0) {
            log.warn("preview: skipped {} unreadable record(s) so far; latest on {}: {}", skipped, topic, why);
        }
    }

    @Override
    public void close() {
        if (!thread.isAlive() && thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(1)); // never started: nobody else will close it
            return;
        }
        consumer.wakeup();
        try {
            thread.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
