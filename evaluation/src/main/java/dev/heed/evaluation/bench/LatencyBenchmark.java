package dev.heed.evaluation.bench;

import dev.heed.common.service.ServiceRunner;
import dev.heed.evaluation.pipeline.LocalPipeline;
import dev.heed.kafka.embedded.EmbeddedKafka;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.proto.v1.WindowScope;
import dev.heed.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * How late the pipeline's outputs reach a subscriber: one clip through the whole pipeline in real time (a broker,
 * ingest, inference and aggregator in this JVM with their default settings, as {@code heed demo} runs them), read by
 * a read_committed consumer like any other, each record's arrival on the wall clock minus the instant it was due:
 * a pose event's capture time, an alert's decided_at_ms (the deciding sample's capture time, or the instant a
 * decision without a sample became due), a window's end.
 */
public final class LatencyBenchmark {
    /** Output quiet for this long after the clip has ended: the run is over. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    private LatencyBenchmark() {
    }

    /** Delays of one kind of record, ms, in arrival order. */
    public record Delays(List<Long> ms) {
        public int count() {
            return ms.size();
        }

        /** Nearest-rank percentile (p in (0, 100]); NaN without records. */
        public double percentile(double p) {
            if (ms.isEmpty()) {
                return Double.NaN;
            }
            long[] sorted = ms.stream().mapToLong(Long::longValue).sorted().toArray();
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }

        public double max() {
            return percentile(100);
        }

        static Delays merge(List<Delays> all) {
            List<Long> ms = new ArrayList<>();
            all.forEach(d -> ms.addAll(d.ms()));
            return new Delays(ms);
        }
    }

    /**
     * @param aggregator for each alert decided by a sample: its arrival minus the arrival of that pose event, the
     *                   share of the alert's delay that the aggregator and its commit add
     * @param raised     RAISED alert records by type
     * @param late       pose events the aggregator dropped as late (a sample after a newer one of its person)
     * @param duplicates pose events the aggregator dropped as redeliveries
     */
    public record Result(String clip, double seconds, Delays poses, Delays alerts, Delays aggregator, Delays personWindows,
                         Delays cameraWindows, Map<String, Integer> raised, long late, long duplicates) {
    }

    /**
     * Runs the clip once, in real time. Throws if a service dies, or if the run takes longer than {@code limit}.
     *
     * @param records receives one CSV line per record read: clip, kind, track, due_ms, arrival_ms, delay_ms
     */
    public static Result run(String clip, String cameraId, double sampleFps, Duration limit, Consumer<String> progress,
                             Consumer<String> records) throws Exception {
        List<Long> poses = new ArrayList<>();
        List<Long> alerts = new ArrayList<>();
        List<Long> aggregator = new ArrayList<>();
        // Arrival (wall clock) of each pose event by "track@capture time", to match the alerts they decide.
        Map<String, Long> poseArrivals = new HashMap<>();
        List<Long> personWindows = new ArrayList<>();
        List<Long> cameraWindows = new ArrayList<>();
        Map<String, Integer> raised = new TreeMap<>();
        // The clip's end as ingest told it (a GONE pose event with stream_ended): the windows open then are due then.
        long streamEndMs = Long.MAX_VALUE;
        long started = System.nanoTime();
        long late;
        long duplicates;
        try (ServiceRunner runner = new ServiceRunner()) {
            EmbeddedKafka kafka = runner.closeAtEnd(EmbeddedKafka.start().withHeedTopics(1));
            Map<String, Object> props = kafka.settings().consumer("heed-bench-latency", "heed-bench-latency");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            KafkaConsumer<String, byte[]> consumer = runner.closeAtEnd(new KafkaConsumer<>(props));
            consumer.subscribe(List.of(Topics.POSE_EVENTS.name(), Topics.ATTENTION_ALERTS.name(), Topics.ATTENTION_WINDOWS.name()));
            LocalPipeline pipeline = LocalPipeline.start(runner, kafka.settings(),
                    new LocalPipeline.Plan(cameraId, clip, sampleFps, true, false));
            progress.accept("reading " + clip + " in real time ...");
            long lastOutput = System.nanoTime();
            long deadline = started + limit.toNanos();
            while (true) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    lastOutput = System.nanoTime();
                    if (r.topic().equals(Topics.POSE_EVENTS.name())) {
                        PoseEvent e = PoseEvent.parseFrom(r.value());
                        poses.add(now - e.getCaptureTimeMs());
                        records.accept(csv(clip, "pose", e.getTrackId(), e.getCaptureTimeMs(), now));
                        poseArrivals.put(e.getTrackId() + "@" + e.getCaptureTimeMs(), now);
                        if (e.getStreamEnded()) {
                            streamEndMs = Math.min(streamEndMs, e.getCaptureTimeMs());
                        }
                    } else if (r.topic().equals(Topics.ATTENTION_ALERTS.name())) {
                        AttentionAlert a = AttentionAlert.parseFrom(r.value());
                        if (a.getDecidedAtMs() <= 0) {
                            throw new IllegalStateException("alert " + a.getAlertId() + " has no decided_at_ms: an aggregator "
                                    + "older than the field wrote it");
                        }
                        alerts.add(now - a.getDecidedAtMs());
                        records.accept(csv(clip, "alert " + a.getType() + " " + a.getState(), a.getTrackId(), a.getDecidedAtMs(), now));
                        Long deciding = poseArrivals.get(a.getTrackId() + "@" + a.getDecidedAtMs());
                        if (deciding != null) {
                            aggregator.add(now - deciding);
                        }
                        if (a.getState() == AlertState.RAISED) {
                            raised.merge(a.getType().name(), 1, Integer::sum);
                        }
                    } else {
                        AttentionWindow w = AttentionWindow.parseFrom(r.value());
                        boolean camera = w.getScope() == WindowScope.WINDOW_SCOPE_CAMERA;
                        long due = Math.min(w.getWindowEndMs(), streamEndMs);
                        (camera ? cameraWindows : personWindows).add(now - due);
                        records.accept(csv(clip, (camera ? "camera" : "person") + " window " + w.getWindowSizeS() + "s",
                                w.getTrackId(), due, now));
                    }
                }
                if (runner.awaitStop(Duration.ZERO, pipeline.services())) {
                    throw new IllegalStateException("a service of the pipeline died; see the log above");
                }
                if (pipeline.sourceFinished() && System.nanoTime() - lastOutput > QUIET.toNanos()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(clip + " was not over within " + limit.toSeconds() + " s");
                }
            }
            late = Math.round(pipeline.aggregator().metrics().lateEvents(cameraId));
            duplicates = Math.round(pipeline.aggregator().metrics().duplicateEvents(cameraId));
        }
        return new Result(clip, (System.nanoTime() - started) / 1e9, new Delays(poses), new Delays(alerts), new Delays(aggregator),
                new Delays(personWindows), new Delays(cameraWindows), raised, late, duplicates);
    }

    private static String csv(String clip, String kind, long track, long dueMs, long arrivalMs) {
        return clip + "," + kind + "," + track + "," + dueMs + "," + arrivalMs + "," + (arrivalMs - dueMs);
    }

    /** The delays of every clip together. */
    public static Result all(List<Result> results) {
        Map<String, Integer> raised = new TreeMap<>();
        results.forEach(r -> r.raised().forEach((k, v) -> raised.merge(k, v, Integer::sum)));
        return new Result(String.join(",", results.stream().map(Result::clip).toList()),
                results.stream().mapToDouble(Result::seconds).sum(),
                Delays.merge(results.stream().map(Result::poses).toList()),
                Delays.merge(results.stream().map(Result::alerts).toList()),
                Delays.merge(results.stream().map(Result::aggregator).toList()),
                Delays.merge(results.stream().map(Result::personWindows).toList()),
                Delays.merge(results.stream().map(Result::cameraWindows).toList()), raised,
                results.stream().mapToLong(Result::late).sum(), results.stream().mapToLong(Result::duplicates).sum());
    }
}
