package dev.heed.evaluation.scenario;

import dev.heed.common.kafka.KafkaSettings;
import dev.heed.common.service.Service;
import dev.heed.common.service.ServiceRunner;
import dev.heed.evaluation.pipeline.LocalPipeline;
import dev.heed.ingest.CameraState;
import dev.heed.ingest.CameraStatus;
import dev.heed.ingest.IngestService;
import dev.heed.ingest.source.SourceOptions;
import dev.heed.inference.InferenceConfig;
import dev.heed.aggregator.AggregatorConfig;
import dev.heed.kafka.embedded.EmbeddedKafka;
import dev.heed.proto.v1.AttentionPolicy;
import dev.heed.topics.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One scene through the whole pipeline on the real broker path, as {@code heed demo} runs it: a Kafka broker in this
 * process, the scene's policy published under its camera id, then ingest, inference and aggregator
 * ({@link LocalPipeline}) on the clip, while an {@link OutputRecorder} reads what they publish. Done when the clip
 * has ended, inference and the aggregator have committed everything before them, and the recorder has read every
 * topic to its end; a run that gets no further for {@link #STUCK} fails rather than hang.
 */
public final class ScenarioRun {
    /** A run whose offsets and outputs have not moved for this long has failed (a hung service). */
    static final Duration STUCK = Duration.ofMinutes(2);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    /**
     * How to run.
     *
     * @param realtime  read the clip at its own frame rate, like a live camera (false: as fast as the pipeline goes)
     * @param estimator the pose estimator's name
     * @param model     the Hopenet-style model file, or null for the default
     */
    public record Settings(boolean realtime, String estimator, Path model) {
        /** The rate ingest samples frames at, its default. */
        public double sampleFps() {
            return SourceOptions.DEFAULT_SAMPLE_FPS;
        }
    }

    private ScenarioRun() {
    }

    /** Runs the scene and returns what the pipeline published; progress lines go to {@code progress}. */
    public static Observations run(SceneTruth scene, Settings settings, PrintStream progress) throws Exception {
        String camera = scene.name();
        try (ServiceRunner runner = new ServiceRunner()) {
            progress.printf("heed eval: %s: starting a Kafka broker, ingest, inference and aggregator%n", camera);
            EmbeddedKafka kafka = runner.closeAtEnd(EmbeddedKafka.start().withHeedTopics(1));
            if (scene.hasPolicy()) {
                publishPolicy(kafka.settings(), camera, scene.policy());
            }
            OutputRecorder recorder = runner.closeAtEnd(new OutputRecorder(kafka.settings()));
            Admin admin = runner.closeAtEnd(Admin.create(kafka.settings().common()));
            LocalPipeline pipeline = LocalPipeline.start(runner, kafka.settings(), new LocalPipeline.Plan(camera,
                    scene.clip().file().toString(), settings.sampleFps(), settings.realtime(), false, settings.estimator(), settings.model()));
            follow(scene, pipeline, recorder, admin, progress);
            Observations seen = recorder.observations(settings.realtime(), PipelineLosses.read(pipeline.registry()));
            progress.printf("heed eval: %s: done: %d frames, %d faces, %d pose events, %d alert records, %d state changes%n", camera,
                    seen.frames().size(), seen.sightings().size(), seen.poseEvents(), seen.alerts().size(), seen.states().size());
            if (recorder.unreadable() > 0) {
                progress.printf("heed eval: %s: %d records could not be read (see the warnings above); they are not scored%n", camera,
                        recorder.unreadable());
            }
            return seen;
        }
    }

    private static void publishPolicy(KafkaSettings kafka, String camera, AttentionPolicy fields) throws Exception {
        AttentionPolicy policy = fields.toBuilder().setSchemaVersion(Topics.SCHEMA_VERSION).setPolicyId(camera).build();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("heed-eval-scenario"))) {
            producer.send(new ProducerRecord<>(Topics.ATTENTION_POLICIES.name(), camera, policy.toByteArray())).get();
        }
    }

    private static void follow(SceneTruth scene, LocalPipeline pipeline, OutputRecorder recorder, Admin admin, PrintStream progress)
            throws Exception {
        String camera = scene.name();
        long lastMove = System.nanoTime();
        long lastProgress = System.nanoTime();
        long seenBefore = -1;
        Map<TopicPartition, Long> committedBefore = Map.of();
        while (true) {
            int read = recorder.poll(Duration.ofMillis(200));
            for (Service s : pipeline.services()) {
                if (!s.isAlive()) {
                    throw new IllegalStateException(s.name() + " stopped after a fatal error (see its log above)");
                }
            }
            IngestService ingest = (IngestService) pipeline.services().stream().filter(IngestService.class::isInstance).findFirst()
                    .orElseThrow();
            CameraStatus status = ingest.cameraStatus(camera);
            if (status != null && status.state() == CameraState.FAILED) {
                throw new IllegalStateException("ingest could not read " + scene.clip().fileAsWritten() + ": " + status.detail());
            }
            long now = System.nanoTime();
            if (now - lastProgress > PROGRESS_EVERY.toNanos()) {
                lastProgress = now;
                progress.printf("heed eval: %s: %d frames, %d faces, %d pose events, %d alert records so far%n", camera,
                        recorder.frames(), recorder.faces(), recorder.poseEvents(), recorder.alerts());
            }
            Map<TopicPartition, Long> committed = committed(admin);
            long seen = recorder.faces() + recorder.frames() + recorder.poseEvents() + recorder.alerts();
            if (read > 0 || seen != seenBefore || !committed.equals(committedBefore)) {
                lastMove = now;
                seenBefore = seen;
                committedBefore = committed;
            } else if (now - lastMove > STUCK.toNanos()) {
                throw new IllegalStateException("the pipeline got no further for " + STUCK.toMinutes() + " minutes (" + recorder.frames()
                        + " frames, " + recorder.faces() + " faces, " + recorder.poseEvents() + " pose events read)");
            }
            if (pipeline.sourceFinished() && caughtUp(admin, committed) && recorder.reached(recorder.ends())) {
                return;
            }
        }
    }

    /** Committed offsets of inference (on the crops) and the aggregator (on the pose events). */
    private static Map<TopicPartition, Long> committed(Admin admin) throws Exception {
        Map<TopicPartition, Long> all = new HashMap<>();
        for (String group : List.of(InferenceConfig.DEFAULT_GROUP_ID, AggregatorConfig.DEFAULT_APPLICATION_ID)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            offsets.forEach((tp, o) -> {
                if (o != null) {
                    all.put(tp, o.offset());
                }
            });
        }
        return all;
    }

    /** True once inference has committed every crop and the aggregator every pose event. */
    private static boolean caughtUp(Admin admin, Map<TopicPartition, Long> committed) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        latest.put(new TopicPartition(Topics.FACE_CROPS.name(), 0), OffsetSpec.latest());
        latest.put(new TopicPartition(Topics.POSE_EVENTS.name(), 0), OffsetSpec.latest());
        for (Map.Entry<TopicPartition, org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo> e
                : admin.listOffsets(latest).all().get().entrySet()) {
            long end = e.getValue().offset();
            if (end > 0 && committed.getOrDefault(e.getKey(), 0L) < end) {
                return false;
            }
        }
        return true;
    }
}
