package dev.heed.ingest.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.heed.common.http.OpsServer;
import dev.heed.ingest.CameraConfig;
import dev.heed.ingest.IngestConfig;
import dev.heed.ingest.IngestService;
import dev.heed.ingest.MetricsScrape;
import dev.heed.ingest.SharedData;
import dev.heed.ingest.TopicRecords;
import dev.heed.kafka.embedded.EmbeddedKafka;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AlertType;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionPolicy;
import dev.heed.proto.v1.FaceCrop;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Ingest's live preview on real parts: a real broker, the real clip through the ingest service and YuNet, the
 * preview served on a real ops endpoint and read as a browser reads it (server-sent events, then the frames).
 * The test plays the other services: it publishes a policy, pose events and an alert, as inference and the
 * aggregator would.
 */
class LivePreviewTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One server-sent event. */
    private record Sse(String type, Struct data) {
        String string(String key) {
            return data.getFieldsOrThrow(key).getStringValue();
        }

        double number(String key) {
            return data.getFieldsOrThrow(key).getNumberValue();
        }
    }

    @Test
    void showsTheCamerasFramesAndFacesWithThePosesStatesAndAlertsOfKafka() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.settings().producer("test"))) {
            // The camera's policy: attending means yaw 10 +- 20 (pitch: the default 25).
            producer.send(new ProducerRecord<>(Topics.ATTENTION_POLICIES.name(), "cam", AttentionPolicy.newBuilder().setSchemaVersion(1)
                    .setPolicyId("cam").setYaw0Deg(10).setYawToleranceDeg(20).build().toByteArray())).get();
            PrometheusRegistry registry = new PrometheusRegistry();
            PreviewSettings settings = PreviewSettings.defaults(AllowedClients.loopbackOnly(), AttendingCone.AGGREGATOR_DEFAULT);
            CameraConfig camera = CameraConfig.of("cam", SharedData.clip().toString()).withRealtime(false);
            List<Sse> events = Collections.synchronizedList(new ArrayList<>());
            try (LivePreview preview = new LivePreview(settings, kafka.settings(), registry);
                 IngestService ingest = new IngestService(IngestConfig.withDefaults(List.of(camera), SharedData.yunet()), kafka.settings(),
                         registry, preview);
                 OpsServer ops = OpsServer.start(0, registry, List.of(ingest), Map.of(LivePreview.PATH, preview.endpoint()))) {
                preview.start();
                preview.forCamera(camera); // as ingest's start does: the camera is listed before it has frames
                String base = "http://127.0.0.1:" + ops.port() + LivePreview.PATH;

                HttpResponse<String> page = get(base + "/");
                assertEquals(200, page.statusCode());
                assertTrue(page.body().contains("<title>Heed live view</title>") && page.body().contains("view.js"), page.body());
                assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(""));
                assertEquals(200, get(base + "/view.js").statusCode());
                assertEquals(200, get(base + "/view.css").statusCode());
                HttpResponse<String> bare = get(base);
                assertEquals(301, bare.statusCode(), "the page's links are relative: /preview must become /preview/");
                assertEquals(LivePreview.PATH + "/", bare.headers().firstValue("Location").orElse(""));
                assertEquals(404, get(base + "/events?camera=nope").statusCode());
                assertEquals(404, get(base + "/frame?camera=cam&t=1").statusCode());

                // A viewer, before any frame: frames are encoded only while someone watches.
                Thread reader = readEvents(base + "/events?camera=cam", events);
                awaitEvent(events, "live", Duration.ofSeconds(10));
                awaitUntil(preview::isReady, Duration.ofSeconds(10), "the preview reads Kafka");
                ingest.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (!ingest.isFinished() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertTrue(ingest.isFinished(), "clip not done in 120 s");

                // The policy's cone.
                Sse cone = events.stream().filter(e -> e.type().equals("cone")).reduce((a, b) -> b).orElseThrow();
                assertEquals("policy", cone.string("source"));
                Struct policy = cone.data().getFieldsOrThrow("policy").getStructValue();
                assertEquals(10, policy.getFieldsOrThrow("yaw0_deg").getNumberValue());
                assertEquals(20, policy.getFieldsOrThrow("yaw_tolerance_deg").getNumberValue());
                assertEquals(25, policy.getFieldsOrThrow("pitch_tolerance_deg").getNumberValue());

                // Frames: each face where ingest published it, and the picture itself.
                List<Sse> frames = events.stream().filter(e -> e.type().equals("frame")).toList();
                assertTrue(frames.size() >= 20, "frames of the 125 sampled (the encoder may drop some when flat out): " + frames.size());
                Map<Long, FaceCrop> crops = new HashMap<>();
                for (ConsumerRecord<String, byte[]> r : TopicRecords.all(kafka.settings(), Topics.FACE_CROPS.name(), "cam")) {
                    FaceCrop c = FaceCrop.parseFrom(r.value());
                    crops.put(c.getCaptureTimeMs(), c);
                }
                int withFace = 0;
                for (Sse f : frames) {
                    assertEquals(640, f.number("frame_width"));
                    List<Value> faces = f.data().getFieldsOrThrow("faces").getListValue().getValuesList();
                    FaceCrop crop = crops.get((long) f.number("capture_time_ms"));
                    assertEquals(crop == null ? 0 : 1, faces.size(), "the faces ingest published for that frame");
                    if (crop != null) {
                        withFace++;
                        Struct face = faces.get(0).getStructValue();
                        assertEquals(crop.getTrackId(), (long) face.getFieldsOrThrow("track_id").getNumberValue());
                        List<Value> box = face.getFieldsOrThrow("box").getListValue().getValuesList();
                        assertEquals(crop.getFaceBox().getX(), box.get(0).getNumberValue(), 0.051);
                        assertEquals(crop.getFaceBox().getY(), box.get(1).getNumberValue(), 0.051);
                        assertEquals(crop.getFaceBox().getWidth(), box.get(2).getNumberValue(), 0.051);
                        assertEquals(crop.getFaceBox().getHeight(), box.get(3).getNumberValue(), 0.051);
                        assertEquals(10, face.getFieldsOrThrow("landmarks").getListValue().getValuesCount());
                    }
                }
                assertTrue(withFace >= 15, "the person is in (nearly) every frame: " + withFace);
                long t = (long) frames.get(frames.size() - 1).number("capture_time_ms");
                HttpResponse<byte[]> jpeg = http.send(HttpRequest.newBuilder(URI.create(base + "/frame?camera=cam&t=" + t)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, jpeg.statusCode());
                assertEquals("image/jpeg", jpeg.headers().firstValue("Content-Type").orElse(""));
                assertEquals("no-store", jpeg.headers().firstValue("Cache-Control").orElse(""));
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg.body()));
                assertEquals(640, image.getWidth());
                assertEquals(480, image.getHeight());
                CameraChannel channel = preview.channel("cam");
                assertTrue(channel.frameBytesKept() <= settings.frameHistoryBytes());
                System.out.printf("preview of the 640x480 clip: %d frames kept, %d bytes, %.1f KB per frame (JPEG q%d); "
                                + "a minute at 5 fps: %.1f MB%n", channel.framesKept(), channel.frameBytesKept(),
                        channel.frameBytesKept() / 1024.0 / channel.framesKept(), settings.jpegQuality(),
                        300.0 * channel.frameBytesKept() / channel.framesKept() / (1 << 20));

                // Poses, a state and an alert, as inference and the aggregator would publish them.
                FaceCrop crop = crops.get(t) != null ? crops.get(t) : crops.values().iterator().next();
                send(producer, Topics.POSE_EVENTS.name(), pose(crop, 5).toByteArray());     // inside 10 +- 20
                send(producer, Topics.POSE_EVENTS.name(), pose(crop, -15).toByteArray());   // outside it (inside the default cone)
                send(producer, Topics.POSE_EVENTS.name(), PoseEvent.newBuilder().setSchemaVersion(1).setCameraId("other").setTrackId(1)
                        .setCaptureTimeMs(t).build().toByteArray());                          // not a camera of this ingest
                send(producer, Topics.POSE_EVENTS.name(), new byte[] {(byte) 0xff, 0x01});     // not a PoseEvent
                send(producer, Topics.ATTENTION_ALERTS.name(), AttentionAlert.newBuilder().setSchemaVersion(1)
                        .setAlertId("cam/" + crop.getTrackId() + "/LONG_DISTRACTION/" + t).setCameraId("cam").setTrackId(crop.getTrackId())
                        .setType(AlertType.LONG_DISTRACTION).setState(AlertState.RAISED).setEventTimeMs(t).setStartedAtMs(t - 3000)
                        .setDurationMs(3000).build().toByteArray());
                awaitEvent(events, "alert", Duration.ofSeconds(10));
                List<Sse> poses = events.stream().filter(e -> e.type().equals("pose")).toList();
                assertEquals(List.of("ATTENDING", "AWAY"), poses.stream().map(p -> p.string("cone_state")).toList(),
                        "judged by the camera's policy; the other camera's pose is not shown");
                Struct firstPose = poses.get(0).data().getFieldsOrThrow("event").getStructValue();
                assertEquals(Long.toString(crop.getTrackId()), firstPose.getFieldsOrThrow("track_id").getStringValue());
                assertEquals(5, firstPose.getFieldsOrThrow("yaw_deg").getNumberValue(), 1e-6);
                Sse alert = events.stream().filter(e -> e.type().equals("alert")).findFirst().orElseThrow();
                assertEquals("RAISED", alert.string("state"));
                assertEquals("LONG_DISTRACTION", alert.string("type"));
                awaitUntil(() -> MetricsScrape.of(registry).getOrDefault(
                        "heed_ingest_preview_records_skipped_total{topic=\"heed.pose-events.v1\"}", 0.0) == 1.0,
                        Duration.ofSeconds(5), "the unreadable pose event counted");

                // A second viewer gets the same history at once.
                List<Sse> second = Collections.synchronizedList(new ArrayList<>());
                Thread reader2 = readEvents(base + "/events?camera=cam", second);
                awaitEvent(second, "live", Duration.ofSeconds(10));
                assertEquals(poses.size(), second.stream().filter(e -> e.type().equals("pose")).count());
                assertTrue(second.stream().filter(e -> e.type().equals("frame")).count() >= frames.size() - 5,
                        "the frames of the last minute (this clip's 25 s)");
                reader.interrupt();
                reader2.interrupt();
            }
        }
    }

    @Test
    void refusesClientsItDoesNotAllowAndCountsThem() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        // This machine is loopback: leave it out of the allowed clients to be refused from here.
        PreviewSettings settings = PreviewSettings.defaults(AllowedClients.only(List.of(AllowedClients.network("10.0.0.0/8"))),
                AttendingCone.AGGREGATOR_DEFAULT);
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             LivePreview preview = new LivePreview(settings, kafka.settings(), registry);
             OpsServer ops = OpsServer.start(0, registry, List.of(preview), Map.of(LivePreview.PATH, preview.endpoint()))) {
            String base = "http://127.0.0.1:" + ops.port() + LivePreview.PATH;
            for (String path : List.of("/", "/events?camera=cam", "/frame?camera=cam&t=1", "/view.js")) {
                HttpResponse<String> r = get(base + path);
                assertEquals(403, r.statusCode(), path);
                assertEquals("preview: 127.0.0.1 is not allowed to view (allowed: 10.0.0.0/8; ingest's --preview-allow adds networks)\n",
                        r.body());
            }
            assertEquals(4.0, MetricsScrape.of(registry).get("heed_ingest_preview_refused_total{reason=\"client\"}"));
            assertEquals(200, get("http://127.0.0.1:" + ops.port() + "/metrics").statusCode(), "the rest of the ops port is untouched");
        }
    }

    private static PoseEvent pose(FaceCrop crop, float yaw) {
        return PoseEvent.newBuilder().setSchemaVersion(1).setCameraId("cam").setTrackId(crop.getTrackId())
                .setFrameNumber(crop.getFrameNumber()).setCaptureTimeMs(crop.getCaptureTimeMs()).setYawDeg(yaw).setPitchDeg(0).build();
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, "cam/1", value)).get();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Reads the stream as EventSource does, into the list, until interrupted or closed. */
    private Thread readEvents(String url, List<Sse> into) {
        Thread t = new Thread(() -> {
            try {
                HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofLines());
                assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
                String type = null;
                for (String line : (Iterable<String>) r.body()::iterator) {
                    if (Thread.currentThread().isInterrupted()) {
                        break;
                    }
                    if (line.startsWith("event: ")) {
                        type = line.substring(7);
                    } else if (line.startsWith("data: ") && type != null) {
                        Struct.Builder b = Struct.newBuilder();
                        JsonFormat.parser().merge(line.substring(6), b);
                        into.add(new Sse(type, b.build()));
                    }
                }
            } catch (Exception e) {
                // The test ended the stream.
            }
        }, "test-sse-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitEvent(List<Sse> events, String type, Duration timeout) throws InterruptedException {
        awaitUntil(() -> events.stream().anyMatch(e -> e.type().equals(type)), timeout, "a '" + type + "' event");
    }

    private static void awaitUntil(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "no " + what + " within " + timeout.toSeconds() + " s");
            Thread.sleep(50);
        }
    }
}
