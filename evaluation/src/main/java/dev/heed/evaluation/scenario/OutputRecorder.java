package dev.heed.evaluation.scenario;

import dev.heed.common.kafka.KafkaSettings;
import dev.heed.proto.v1.AttentionStateChange;
import dev.heed.proto.v1.Box;
import dev.heed.proto.v1.FaceCrop;
import dev.heed.proto.v1.FrameSummary;
import dev.heed.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the pipeline publishes, as any subscriber would (read_committed), and keeps what the scenario evaluation
 * scores: the face boxes of heed.face-crops.v1 (never the crops: each record's image is dropped as soon as it is
 * parsed), the sampled frames, pose event counts, alerts and attention state changes. Not thread-safe: one thread
 * polls.
 */
final class OutputRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutputRecorder.class);
    static final List<String> TOPICS = List.of(Topics.FACE_CROPS.name(), Topics.FRAME_SUMMARIES.name(), Topics.POSE_EVENTS.name(),
            Topics.ATTENTION_ALERTS.name(), Topics.ATTENTION_STATES.name());

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Observations.Sighting> sightings = new ArrayList<>();
    private final List<Observations.Frame> frames = new ArrayList<>();
    private final List<Observations.ReadAlert> alerts = new ArrayList<>();
    private final List<AttentionStateChange> states = new ArrayList<>();
    private long poseEvents;
    private long unreadable;

    OutputRecorder(KafkaSettings kafka) {
        Map<String, Object> props = kafka.consumer("heed-eval-scenario", "heed-eval-scenario");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(TOPICS);
    }

    /** Polls once; returns the number of records read. */
    int poll(Duration timeout) {
        int n = 0;
        long now = System.currentTimeMillis();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            n++;
            try {
                keep(r, now);
            } catch (Exception e) {
                // Counted and reported: a record the evaluation cannot read is never dropped silently.
                unreadable++;
                log.warn("unreadable record on {} at offset {}: {}", r.topic(), r.offset(), e.getMessage());
            }
        }
        return n;
    }

    private void keep(ConsumerRecord<String, byte[]> r, long readAtMs) throws Exception {
        String topic = r.topic();
        if (topic.equals(Topics.FACE_CROPS.name())) {
            FaceCrop crop = Topics.FACE_CROPS.value().parse(r.value());
            Box b = crop.getFaceBox();
            sightings.add(new Observations.Sighting(crop.getTrackId(), crop.getFrameNumber(), crop.getCaptureTimeMs(),
                    b.getX() + b.getWidth() / 2.0, b.getY() + b.getHeight() / 2.0, crop.getVisibility()));
        } else if (topic.equals(Topics.FRAME_SUMMARIES.name())) {
            FrameSummary f = Topics.FRAME_SUMMARIES.value().parse(r.value());
            frames.add(new Observations.Frame(f.getFrameNumber(), f.getCaptureTimeMs(), f.getFaceCount()));
        } else if (topic.equals(Topics.POSE_EVENTS.name())) {
            poseEvents++;
        } else if (topic.equals(Topics.ATTENTION_ALERTS.name())) {
            alerts.add(new Observations.ReadAlert(Topics.ATTENTION_ALERTS.value().parse(r.value()), readAtMs));
        } else if (topic.equals(Topics.ATTENTION_STATES.name())) {
            states.add(Topics.ATTENTION_STATES.value().parse(r.value()));
        }
    }

    /** True once this reader has reached the end of every partition of its topics, as of {@code ends}. */
    boolean reached(Map<TopicPartition, Long> ends) {
        Set<TopicPartition> assigned = consumer.assignment();
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (!assigned.contains(e.getKey()) || consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The end of each partition this reader can see (read_committed: the last stable offset). */
    Map<TopicPartition, Long> ends() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String t : TOPICS) {
            consumer.partitionsFor(t).forEach(p -> partitions.add(new TopicPartition(t, p.partition())));
        }
        return consumer.endOffsets(partitions);
    }

    long faces() {
        return sightings.size();
    }

    long frames() {
        return frames.size();
    }

    long poseEvents() {
        return poseEvents;
    }

    long alerts() {
        return alerts.size();
    }

    long unreadable() {
        return unreadable;
    }

    Observations observations(boolean realtime, Map<String, Long> losses) {
        return new Observations(sightings, frames, alerts, states, poseEvents, realtime, losses);
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }
}
