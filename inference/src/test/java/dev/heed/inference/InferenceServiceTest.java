package dev.heed.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.heed.common.image.BgrImage;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.inference.model.LandmarkPoseEstimator;
import dev.heed.inference.model.ModelConfig;
import dev.heed.inference.model.ModelIdentity;
import dev.heed.kafka.embedded.EmbeddedKafka;
import dev.heed.proto.v1.Box;
import dev.heed.proto.v1.DeadLetter;
import dev.heed.proto.v1.FaceCrop;
import dev.heed.proto.v1.Point;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.proto.v1.Visibility;
import dev.heed.topics.Topics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The whole service against a real broker and the real model: crops in, pose events and dead letters out. */
class InferenceServiceTest {
    private static final String GROUP = "heed-inference-it";
    private static final String CAMERA = "cam-a";

    @Test
    void posesGoodCropsDeadLettersBadOnesSkipsStaleOnesAndCommitsEverything() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1)) {
            KafkaSettings settings = kafka.settings();
            long now = System.currentTimeMillis();
            Map<String, byte[]> sent = new HashMap<>();
            sent.put("cam-a/1", crop(1, TestFaces.FRONTAL, now).toByteArray());
            sent.put("cam-a/2", crop(2, TestFaces.TURNED_TO_IMAGE_RIGHT, now).toByteArray());
            sent.put("cam-a/3", crop(3, TestFaces.TURNED_TO_IMAGE_LEFT, now).toByteArray());
            // Field number 0 is invalid in every protobuf message, so this cannot parse by accident.
            sent.put("cam-a/4", new byte[] {0, 1, 2, 3, 4, 5});
            sent.put("cam-a/5", crop(5, TestFaces.FRONTAL, now).toBuilder()
                    .setCrop(ByteString.copyFromUtf8("not a jpeg at all")).build().toByteArray());
            sent.put("cam-a/6", crop(6, TestFaces.FRONTAL, now - 60_000).toByteArray());
            sent.put("cam-a/7", crop(7, TestFaces.FRONTAL, now).toBuilder().setSchemaVersion(Topics.SCHEMA_VERSION + 1)
                    .build().toByteArray());
            sent.put("cam-a/8", crop(8, TestFaces.FRONTAL, now).toBuilder().setCrop(ByteString.EMPTY).build().toByteArray());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.producer("it-producer"))) {
                for (int track = 1; track <= 8; track++) {
                    String key = CAMERA + "/" + track;
                    producer.send(new ProducerRecord<>(Topics.FACE_CROPS.name(), key, sent.get(key))).get();
                }
            }

            PrometheusRegistry registry = new PrometheusRegistry();
            // Batches of at most 2 spread the 8 records over several polls, model runs and commits.
            InferenceConfig config = new InferenceConfig(ModelConfig.defaults(SharedData.hopenet()), 2, Duration.ZERO, GROUP,
                    InferenceConfig.DEFAULT_MAX_AGE);
            Map<String, PoseEvent> events = new HashMap<>();
            Map<String, DeadLetter> deadLetters = new HashMap<>();
            InferenceService service = new InferenceService(config, settings, registry);
            try {
                assertFalse(service.isReady());
                service.start();
                waitFor(service::isReady, "service ready");

                readOutputs(settings, events, 3, deadLetters, 4);

                try (Admin admin = Admin.create(settings.common())) {
                    TopicPartition crops = new TopicPartition(Topics.FACE_CROPS.name(), 0);
                    waitFor(() -> committed(admin, GROUP, crops) == 8, "group offsets committed past all 8 crops");
                }
                assertTrue(service.isAlive());
            } finally {
                long closing = System.nanoTime();
                service.close();
                service.close();
                assertTrue(System.nanoTime() - closing < TimeUnit.SECONDS.toNanos(10), "close within 10 s");
            }
            assertFalse(service.isReady());

            assertEquals(List.of("cam-a/1", "cam-a/2", "cam-a/3"), events.keySet().stream().sorted().toList(),
                    "pose events only for the three good, fresh crops");
            String version = ModelIdentity.of(SharedData.hopenet()).version();
            for (int track = 1; track <= 3; track++) {
                PoseEvent e = events.get(CAMERA + "/" + track);
                FaceCrop c = Topics.FACE_CROPS.value().parse(sent.get(CAMERA + "/" + track));
                assertEquals(Topics.SCHEMA_VERSION, e.getSchemaVersion());
                assertEquals(CAMERA, e.getCameraId());
                assertEquals(track, e.getTrackId());
                assertEquals(c.getFrameNumber(), e.getFrameNumber());
                assertEquals(c.getCaptureTimeMs(), e.getCaptureTimeMs());
                assertEquals(c.getDetectorScore(), e.getDetectorScore());
                assertEquals("hopenet-lite-shufflenetv2", e.getModelName());
                assertEquals(version, e.getModelVersion());
                assertTrue(e.getEventTimeProducedMs() >= c.getCaptureTimeMs());
                for (float conf : new float[] {e.getYawConfidence(), e.getPitchConfidence(), e.getRollConfidence()}) {
                    assertTrue(conf > 0 && conf <= 1, "confidence " + conf);
                }
                assertTrue(e.getYawSpreadDeg() > 0 && e.getPitchSpreadDeg() > 0 && e.getRollSpreadDeg() > 0);
            }
            assertTrue(Math.abs(events.get("cam-a/1").getYawDeg()) < 15, "frontal: " + events.get("cam-a/1").getYawDeg());
            assertTrue(events.get("cam-a/2").getYawDeg() < -50, "turned to image-right: " + events.get("cam-a/2").getYawDeg());
            assertTrue(events.get("cam-a/3").getYawDeg() > 40, "turned to image-left: " + events.get("cam-a/3").getYawDeg());

            assertEquals(List.of("cam-a/4", "cam-a/5", "cam-a/7", "cam-a/8"), deadLetters.keySet().stream().sorted().toList());
            assertEquals("malformed_protobuf", deadLetters.get("cam-a/4").getReasonCode());
            assertEquals("bad_image", deadLetters.get("cam-a/5").getReasonCode());
            assertEquals("unsupported_schema_version", deadLetters.get("cam-a/7").getReasonCode());
            assertEquals("empty_crop", deadLetters.get("cam-a/8").getReasonCode());
            for (Map.Entry<String, DeadLetter> d : deadLetters.entrySet()) {
                DeadLetter dl = d.getValue();
                assertEquals("inference", dl.getService());
                assertEquals(Topics.FACE_CROPS.name(), dl.getSourceTopic());
                assertEquals(Long.parseLong(d.getKey().substring(CAMERA.length() + 1)) - 1, dl.getSourceOffset());
                assertArrayEquals(sent.get(d.getKey()), dl.getPayload().toByteArray(), "original bytes kept for replay");
                assertFalse(dl.getReason().isBlank());
            }

            String metrics = scrape(registry);
            assertMetric(metrics, "heed_inference_events_total", 3);
            assertMetric(metrics, "heed_inference_skipped_stale_total", 1);
            assertMetric(metrics, "heed_inference_dead_lettered_total{reason=\"malformed_protobuf\"}", 1);
            assertMetric(metrics, "heed_inference_dead_lettered_total{reason=\"bad_image\"}", 1);
            assertMetric(metrics, "heed_inference_dead_lettered_total{reason=\"unsupported_schema_version\"}", 1);
            assertMetric(metrics, "heed_inference_dead_lettered_total{reason=\"empty_crop\"}", 1);
            assertMetric(metrics, "heed_inference_batch_size_sum", 3);
            double batches = metricValue(metrics, "heed_inference_batch_size_count");
            assertTrue(batches >= 2, "the 3 good crops arrive in at least 2 polls of at most 2 records: " + batches);
            assertMetric(metrics, "heed_inference_batch_size_bucket{le=\"2.0\"}", batches);
            assertMetric(metrics, "heed_inference_capture_to_event_seconds_count", 3);
            assertTrue(metrics.contains("heed_inference_model_run_seconds_count"), metrics);
            assertTrue(metrics.contains("heed_inference_model_info{model=\"hopenet-lite-shufflenetv2\",provider=\"CPU"), metrics);
        }
    }

    /**
     * With the landmark estimator, a crop without landmarks cannot be estimated: it alone is dead-lettered (no_landmarks),
     * the other crops of its batch are published, and the batch is committed.
     */
    @Test
    void aCropTheEstimatorCannotHandleIsDeadLetteredAloneAndTheRestOfItsBatchIsPublished() throws Exception {
        String group = "heed-inference-landmarks";
        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1)) {
            KafkaSettings settings = kafka.settings();
            long now = System.currentTimeMillis();
            Map<String, byte[]> sent = new HashMap<>();
            sent.put("cam-a/1", withLandmarks(crop(1, TestFaces.FRONTAL, now), TestFaces.FRONTAL).toByteArray());
            sent.put("cam-a/2", crop(2, TestFaces.FRONTAL, now).toByteArray());
            sent.put("cam-a/3", withLandmarks(crop(3, TestFaces.TURNED_TO_IMAGE_LEFT, now), TestFaces.TURNED_TO_IMAGE_LEFT).toByteArray());
            sent.put("cam-a/4", withLandmarks(crop(4, TestFaces.TURNED_TO_IMAGE_RIGHT, now), TestFaces.TURNED_TO_IMAGE_RIGHT).toByteArray());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.producer("it-producer"))) {
                for (int track = 1; track <= 4; track++) {
                    String key = CAMERA + "/" + track;
                    producer.send(new ProducerRecord<>(Topics.FACE_CROPS.name(), key, sent.get(key))).get();
                }
            }

            PrometheusRegistry registry = new PrometheusRegistry();
            // All four are waiting before the service starts, so one poll fills one batch of 4.
            InferenceConfig config = new InferenceConfig(ModelConfig.defaults(SharedData.hopenet()), 4, Duration.ofSeconds(2), group,
                    InferenceConfig.DEFAULT_MAX_AGE, LandmarkPoseEstimator.NAME);
            Map<String, PoseEvent> events = new HashMap<>();
            Map<String, DeadLetter> deadLetters = new HashMap<>();
            InferenceService service = new InferenceService(config, settings, registry);
            try {
                service.start();
                readOutputs(settings, events, 3, deadLetters, 1);
                try (Admin admin = Admin.create(settings.common())) {
                    TopicPartition crops = new TopicPartition(Topics.FACE_CROPS.name(), 0);
                    waitFor(() -> committed(admin, group, crops) == 4, "group offsets committed past all 4 crops");
                }
                assertTrue(service.isAlive());
            } finally {
                service.close();
            }

            assertEquals(List.of("cam-a/1", "cam-a/3", "cam-a/4"), events.keySet().stream().sorted().toList(),
                    "the crops with landmarks are published");
            for (PoseEvent e : events.values()) {
                assertEquals(LandmarkPoseEstimator.NAME, e.getModelName());
            }
            assertTrue(Math.abs(events.get("cam-a/1").getYawDeg()) < 15, "frontal: " + events.get("cam-a/1").getYawDeg());
            assertTrue(events.get("cam-a/3").getYawDeg() > 30, "turned to image-left: " + events.get("cam-a/3").getYawDeg());
            assertTrue(events.get("cam-a/4").getYawDeg() < -30, "turned to image-right: " + events.get("cam-a/4").getYawDeg());

            assertEquals(List.of("cam-a/2"), List.copyOf(deadLetters.keySet()), "only the crop without landmarks is dead-lettered");
            DeadLetter dl = deadLetters.get("cam-a/2");
            assertEquals(LandmarkPoseEstimator.NO_LANDMARKS, dl.getReasonCode());
            assertEquals(1, dl.getSourceOffset());
            assertArrayEquals(sent.get("cam-a/2"), dl.getPayload().toByteArray(), "original bytes kept for replay");

            String metrics = scrape(registry);
            assertMetric(metrics, "heed_inference_batch_size_count", 1);
            assertMetric(metrics, "heed_inference_batch_size_sum", 4);
            assertMetric(metrics, "heed_inference_events_total", 3);
            assertMetric(metrics, "heed_inference_dead_lettered_total{reason=\"no_landmarks\"}", 1);
            assertFalse(metrics.contains("inference_failed"), "the batch itself did not fail:\n" + metrics);
        }
    }

    /**
     * Records without a face (the face hidden, the track gone) get their pose event without the model, in the order
     * they came among the faces of their partition, across batches: the attention state downstream depends on it.
     * A late GONE still passes (the track's end must not be lost), a late hidden face is skipped like a late face, a
     * FACE record without a crop is still bad input, and a visibility this service does not know is dead-lettered.
     */
    @Test
    void hiddenAndGoneRecordsPassThroughInTheirPlaceWithoutTheModel() throws Exception {
        String group = "heed-inference-visibility";
        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1)) {
            KafkaSettings settings = kafka.settings();
            long now = System.currentTimeMillis();
            // {key, what}: F face, H hidden, G gone; the order on the one partition is the list's.
            List<String[]> script = List.of(new String[] {"cam-a/1", "F"}, new String[] {"cam-a/1", "H"}, new String[] {"cam-a/2", "F"},
                    new String[] {"cam-a/1", "H"}, new String[] {"cam-a/2", "H"}, new String[] {"cam-a/1", "F"}, new String[] {"cam-a/2", "G"},
                    new String[] {"cam-a/1", "H-late"}, new String[] {"cam-a/3", "G-late"}, new String[] {"cam-a/4", "F-no-crop"},
                    new String[] {"cam-a/5", "H-unknown"}, new String[] {"cam-a/1", "F"});
            List<byte[]> sent = new java.util.ArrayList<>();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.producer("it-producer"))) {
                for (int i = 0; i < script.size(); i++) {
                    String key = script.get(i)[0];
                    int track = Integer.parseInt(key.substring(CAMERA.length() + 1));
                    String what = script.get(i)[1];
                    long capture = what.endsWith("late") ? now - 60_000 : now + i;
                    FaceCrop face = crop(track, TestFaces.FRONTAL, capture).toBuilder().setFrameNumber(i).build();
                    FaceCrop record = switch (what) {
                        case "F" -> face;
                        case "F-no-crop" -> face.toBuilder().clearCrop().clearCropBox().build();
                        case "H", "H-late" -> noFace(face, Visibility.VISIBILITY_FACE_HIDDEN);
                        case "G" -> noFace(face, Visibility.VISIBILITY_GONE);
                        // A stream's end, told late to a track that had ended before it.
                        case "G-late" -> noFace(face, Visibility.VISIBILITY_GONE).toBuilder().setStreamEnded(true).build();
                        case "H-unknown" -> noFace(face, Visibility.VISIBILITY_FACE_HIDDEN).toBuilder().setVisibilityValue(7).build();
                        default -> throw new IllegalStateException(what);
                    };
                    sent.add(record.toByteArray());
                    producer.send(new ProducerRecord<>(Topics.FACE_CROPS.name(), key, record.toByteArray())).get();
                }
            }

            PrometheusRegistry registry = new PrometheusRegistry();
            // Batches of 3: faces and the records between them share model runs and commits.
            InferenceConfig config = new InferenceConfig(ModelConfig.defaults(SharedData.hopenet()), 3, Duration.ZERO, group,
                    InferenceConfig.DEFAULT_MAX_AGE);
            InferenceService service = new InferenceService(config, settings, registry);
            List<ConsumerRecord<String, byte[]>> events = new java.util.ArrayList<>();
            Map<String, DeadLetter> deadLetters = new HashMap<>();
            try {
                service.start();
                try (KafkaConsumer<String, byte[]> out = new KafkaConsumer<>(settings.consumer("it-reader", "it-reader"))) {
                    out.subscribe(List.of(Topics.POSE_EVENTS.name(), Topics.DEAD_LETTER.name()));
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while ((events.size() < 9 || deadLetters.size() < 2) && System.nanoTime() < deadline) {
                        for (ConsumerRecord<String, byte[]> r : out.poll(Duration.ofMillis(200))) {
                            if (r.topic().equals(Topics.POSE_EVENTS.name())) {
                                events.add(r);
                            } else {
                                deadLetters.put(r.key(), Topics.DEAD_LETTER.value().parse(r.value()));
                            }
                        }
                    }
                }
                try (Admin admin = Admin.create(settings.common())) {
                    TopicPartition crops = new TopicPartition(Topics.FACE_CROPS.name(), 0);
                    waitFor(() -> committed(admin, group, crops) == script.size(), "group offsets committed past every record");
                }
            } finally {
                service.close();
            }

            // Pose events in the order of the records they came from (frame_number = position in the script).
            List<Long> order = new java.util.ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : events) {
                order.add(Topics.POSE_EVENTS.value().parse(r.value()).getFrameNumber());
            }
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 8L, 11L), order, "one event per record that gets one, in arrival order");
            String version = ModelIdentity.of(SharedData.hopenet()).version();
            for (ConsumerRecord<String, byte[]> r : events) {
                PoseEvent e = Topics.POSE_EVENTS.value().parse(r.value());
                FaceCrop c = Topics.FACE_CROPS.value().parse(sent.get((int) e.getFrameNumber()));
                assertEquals(CAMERA + "/" + c.getTrackId(), r.key());
                assertEquals(c.getTrackId(), e.getTrackId());
                assertEquals(c.getCaptureTimeMs(), e.getCaptureTimeMs());
                assertEquals(c.getVisibility(), e.getVisibility());
                assertEquals(c.getStreamEnded(), e.getStreamEnded());
                assertEquals("hopenet-lite-shufflenetv2", e.getModelName(), "the estimator that would have run");
                assertEquals(version, e.getModelVersion());
                if (c.getVisibility() == Visibility.VISIBILITY_FACE) {
                    assertTrue(Math.abs(e.getYawDeg()) < 15, "a real estimate of the frontal face: " + e.getYawDeg());
                    assertTrue(e.getYawConfidence() > 0);
                } else {
                    assertTrue(Float.isNaN(e.getYawDeg()) && Float.isNaN(e.getPitchDeg()) && Float.isNaN(e.getRollDeg()), e.toString());
                    for (float v : new float[] {e.getYawConfidence(), e.getPitchConfidence(), e.getRollConfidence(),
                            e.getYawSpreadDeg(), e.getPitchSpreadDeg(), e.getRollSpreadDeg()}) {
                        assertEquals(0f, v, "confidences and spreads of a record without a face");
                    }
                }
            }
            assertEquals(Visibility.VISIBILITY_GONE, Topics.POSE_EVENTS.value().parse(events.get(7).value()).getVisibility(),
                    "the late GONE passed");
            assertTrue(Topics.POSE_EVENTS.value().parse(events.get(7).value()).getStreamEnded(), "with its stream_ended");

            assertEquals(List.of("cam-a/4", "cam-a/5"), deadLetters.keySet().stream().sorted().toList());
            assertEquals("empty_crop", deadLetters.get("cam-a/4").getReasonCode(), "a FACE record without a crop is bad input");
            assertEquals("unknown_visibility", deadLetters.get("cam-a/5").getReasonCode());

            String metrics = scrape(registry);
            assertMetric(metrics, "heed_inference_events_total", 9);
            assertMetric(metrics, "heed_inference_passed_through_total{visibility=\"face_hidden\"}", 3);
            assertMetric(metrics, "heed_inference_passed_through_total{visibility=\"gone\"}", 2);
            assertMetric(metrics, "heed_inference_skipped_stale_total", 1);
            assertMetric(metrics, "heed_inference_batch_size_sum", 4);
        }
    }

    private static FaceCrop noFace(FaceCrop face, Visibility visibility) {
        return face.toBuilder().setVisibility(visibility).clearCrop().clearCropBox().clearCropEncoding().clearLandmarks()
                .setDetectorScore(0).build();
    }

    private static FaceCrop withLandmarks(FaceCrop crop, TestFaces face) {
        float[] points = face.frameLandmarks();
        FaceCrop.Builder b = crop.toBuilder();
        for (int k = 0; k < points.length; k += 2) {
            b.addLandmarks(Point.newBuilder().setX(points[k]).setY(points[k + 1]));
        }
        return b.build();
    }

    @Test
    void cropsWaitForTheirBatchUntilItIsFullOrTheirTimeIsUp() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1)) {
            KafkaSettings settings = kafka.settings();
            PrometheusRegistry registry = new PrometheusRegistry();
            // Batches of 4, or whatever has come after 1.5 s.
            InferenceConfig config = new InferenceConfig(ModelConfig.defaults(SharedData.hopenet()), 4, Duration.ofMillis(1500),
                    "heed-inference-batching", InferenceConfig.DEFAULT_MAX_AGE);
            InferenceService service = new InferenceService(config, settings, registry);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.producer("it-producer"));
                 KafkaConsumer<String, byte[]> out = new KafkaConsumer<>(settings.consumer("it-reader", "it-reader"))) {
                service.start();
                waitFor(service::isReady, "service ready");
                out.subscribe(List.of(Topics.POSE_EVENTS.name()));

                // 3 crops never fill a batch of 4: they go through together once the first has waited 1.5 s.
                send(producer, 1, 3);
                Map<String, PoseEvent> events = readEvents(out, 3);
                String metrics = scrape(registry);
                assertMetric(metrics, "heed_inference_batch_size_count", 1);
                assertMetric(metrics, "heed_inference_batch_size_sum", 3);
                assertTrue(metricValue(metrics, "heed_inference_batch_wait_seconds_sum") >= 1.5,
                        "the partial batch waited for its time limit: " + metricValue(metrics, "heed_inference_batch_wait_seconds_sum"));

                // 4 more fill a batch at once, without waiting for the time limit.
                send(producer, 4, 4);
                events.putAll(readEvents(out, 4));
                metrics = scrape(registry);
                assertMetric(metrics, "heed_inference_batch_size_count", 2);
                assertMetric(metrics, "heed_inference_batch_size_sum", 7);
                assertMetric(metrics, "heed_inference_batch_wait_seconds_bucket{le=\"1.0\"}", 1);

                assertEquals(7, events.size());
                for (PoseEvent e : events.values()) {
                    assertEquals("policy-" + e.getTrackId(), e.getAttentionPolicyId(), "the crop's attention policy travels on");
                }
            } finally {
                service.close();
            }
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, int firstTrack, int count) throws Exception {
        long now = System.currentTimeMillis();
        for (int track = firstTrack; track < firstTrack + count; track++) {
            byte[] value = crop(track, TestFaces.FRONTAL, now).toBuilder().setAttentionPolicyId("policy-" + track).build().toByteArray();
            producer.send(new ProducerRecord<>(Topics.FACE_CROPS.name(), CAMERA + "/" + track, value));
        }
        producer.flush();
    }

    private static Map<String, PoseEvent> readEvents(KafkaConsumer<String, byte[]> out, int expected) throws Exception {
        Map<String, PoseEvent> events = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (events.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : out.poll(Duration.ofMillis(100))) {
                events.put(r.key(), Topics.POSE_EVENTS.value().parse(r.value()));
            }
        }
        assertEquals(expected, events.size(), "pose events received");
        return events;
    }

    @Test
    void readinessFollowsTheConnectionToKafkaAfterStart() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1);
        InferenceConfig config = new InferenceConfig(ModelConfig.defaults(SharedData.hopenet()), 4, Duration.ofMillis(20),
                "heed-inference-readiness", InferenceConfig.DEFAULT_MAX_AGE);
        InferenceService service = new InferenceService(config, kafka.settings(), new PrometheusRegistry());
        try {
            service.start();
            waitFor(service::isReady, "ready while Kafka is there");
            kafka.close();
            // /readyz must stop sending work here: ready turns false once the client has lost its connections.
            waitFor(() -> !service.isReady(), "unready once Kafka has gone");
            assertTrue(service.isAlive(), "a lost broker is not a fatal error: the worker keeps trying");
        } finally {
            service.close();
            kafka.close();
        }
    }

    @Test
    void startFailsFastOnAModelWithoutHopenetsInterface() {
        // Nothing listens on port 1: the model is checked before any Kafka client is made.
        InferenceConfig config = InferenceConfig.defaults(SharedData.root().resolve("models/fsanet-1x1.onnx"));
        InferenceService service = new InferenceService(config, KafkaSettings.of("127.0.0.1:1"), new PrometheusRegistry());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, service::start);
        assertTrue(e.getMessage().contains("Hopenet's interface"), e.getMessage());
        service.close();
        assertFalse(service.isReady());
    }

    private static FaceCrop crop(int track, TestFaces face, long captureTimeMs) throws Exception {
        BgrImage image = face.crop(224);
        return FaceCrop.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setCameraId(CAMERA)
                .setTrackId(track)
                .setFrameNumber(100 + track)
                .setCaptureTimeMs(captureTimeMs)
                .setFaceBox(Box.newBuilder().setX(face.x).setY(face.y).setWidth(face.side).setHeight(face.side))
                .setDetectorScore(0.9f)
                .setCrop(ByteString.copyFrom(image.toJpeg(90)))
                .setCropEncoding("jpeg")
                .setCropBox(Box.newBuilder().setX(face.x).setY(face.y).setWidth(face.side).setHeight(face.side))
                .setCropPolicy("test-fixed-square")
                .setCropSize(224)
                .setFrameWidth(640)
                .setFrameHeight(480)
                .setPublishTimeMs(captureTimeMs)
                .build();
    }

    private static long committed(Admin admin, String group, TopicPartition partition) {
        try {
            OffsetAndMetadata o = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .get(partition);
            return o == null ? -1 : o.offset();
        } catch (Exception e) {
            throw new AssertionError("cannot read the group's offsets", e);
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String scrape(PrometheusRegistry registry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void assertMetric(String exposition, String series, double expected) {
        assertEquals(expected, metricValue(exposition, series), 1e-9, series);
    }

    private static double metricValue(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no series " + series + " in:\n" + exposition);
    }

    /** Reads the pose events and dead letters, by key, until there are at least so many of each (60 s at most). */
    private static void readOutputs(KafkaSettings settings, Map<String, PoseEvent> events, int wantEvents,
                                    Map<String, DeadLetter> deadLetters, int wantDeadLetters) throws Exception {
        try (KafkaConsumer<String, byte[]> out = new KafkaConsumer<>(settings.consumer("it-reader", "it-reader"))) {
            out.subscribe(List.of(Topics.POSE_EVENTS.name(), Topics.DEAD_LETTER.name()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((events.size() < wantEvents || deadLetters.size() < wantDeadLetters) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : out.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(Topics.POSE_EVENTS.name())) {
                        events.put(r.key(), Topics.POSE_EVENTS.value().parse(r.value()));
                    } else {
                        deadLetters.put(r.key(), Topics.DEAD_LETTER.value().parse(r.value()));
                    }
                }
            }
        }
    }
}
