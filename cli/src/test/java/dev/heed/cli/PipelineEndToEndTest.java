package dev.heed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.evaluation.pipeline.LocalPipeline;
import dev.heed.common.image.BgrImage;
import dev.heed.common.service.ServiceRunner;
import dev.heed.ingest.rtsp.FaceClips;
import dev.heed.ingest.rtsp.FaceClips.Shot;
import dev.heed.kafka.embedded.EmbeddedKafka;
import dev.heed.proto.v1.AlertState;
import dev.heed.proto.v1.AlertType;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton end to end on real parts: a real KRaft broker, a real video decoded by FFmpeg, the
 * real YuNet and Hopenet models, the real Kafka Streams topology. A real person looks at the camera for 4 s,
 * turns away for 5 s, and looks back for 4 s.
 */
class PipelineEndToEndTest {
    private static final Path FACES = Path.of(System.getProperty("heed.shared", "../shared"), "data/faces/images");
    private static final int FPS = 10;

    @Test
    void poseFollowsTheTurnAndOneLongDistractionAlertIsRaisedAndCleared(@TempDir Path tmp) throws Exception {
        BgrImage facing = BgrImage.read(FACES.resolve("aws_IMG_1232.JPG"));
        BgrImage turned = BgrImage.read(FACES.resolve("aws_IMG_1233.JPG"));   // to image-right: yaw strongly negative
        Path clip = FaceClips.shots(List.of(new Shot(facing, 4), new Shot(turned, 5), new Shot(facing, 4)),
                FPS, tmp.resolve("turn-away.mp4"));
        assertTrue(Files.size(clip) > 10_000, "clip written");

        List<PoseEvent> poses = new ArrayList<>();
        List<AttentionAlert> alerts = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1);
             ServiceRunner runner = new ServiceRunner()) {
            LocalPipeline pipeline = LocalPipeline.start(runner, kafka.settings(),
                    new LocalPipeline.Plan("class-1", clip.toString(), 5, false, false));

            Map<String, Object> props = kafka.settings().consumer("e2e-test", "e2e-test");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
                consumer.subscribe(List.of(Topics.POSE_EVENTS.name(), Topics.ATTENTION_ALERTS.name()));
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                // 13 s of video at 5 samples/s is 65 frames; wait for them and for the alert to clear.
                while (System.nanoTime() < deadline
                        && !(pipeline.sourceFinished() && poses.size() >= 60 && alerts.stream().anyMatch(a -> a.getState() == AlertState.CLEARED))) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                        if (r.topic().equals(Topics.POSE_EVENTS.name())) {
                            poses.add(Topics.POSE_EVENTS.value().parse(r.value()));
                        } else {
                            alerts.add(Topics.ATTENTION_ALERTS.value().parse(r.value()));
                        }
                    }
                }
                // A little longer, so that a duplicate alert would have time to show up.
                long settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (System.nanoTime() < settle) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                        if (r.topic().equals(Topics.ATTENTION_ALERTS.name())) {
                            alerts.add(Topics.ATTENTION_ALERTS.value().parse(r.value()));
                        }
                    }
                }
            }
        }

        assertTrue(poses.size() >= 60, "pose events for (nearly) every sampled frame, got " + poses.size());
        // One person: one track carries (nearly) all the events.
        Map<Long, Long> perTrack = poses.stream().collect(Collectors.groupingBy(PoseEvent::getTrackId, Collectors.counting()));
        long trackId = perTrack.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertTrue(perTrack.get(trackId) >= 0.95 * poses.size(), "one track for the one person: " + perTrack);
        poses.forEach(p -> assertEquals("class-1", p.getCameraId()));

        long t0 = poses.stream().mapToLong(PoseEvent::getCaptureTimeMs).min().orElseThrow();
        Function<double[], double[]> yawIn = range -> poses.stream()
                .filter(p -> p.getTrackId() == trackId)
                .filter(p -> p.getCaptureTimeMs() - t0 >= range[0] * 1000 && p.getCaptureTimeMs() - t0 < range[1] * 1000)
                .mapToDouble(PoseEvent::getYawDeg).toArray();
        double[] before = yawIn.apply(new double[] {0.5, 3.5});
        double[] away = yawIn.apply(new double[] {4.5, 8.5});
        double[] after = yawIn.apply(new double[] {9.5, 12.5});
        assertTrue(before.length >= 10 && away.length >= 15 && after.length >= 10, "samples in each phase");
        for (double y : before) {
            assertTrue(Math.abs(y) < 20, "facing the camera: |yaw| < 20, got " + y);
        }
        for (double y : away) {
            assertTrue(y < -35, "turned to image-right: yaw < -35, got " + y);
        }
        for (double y : after) {
            assertTrue(Math.abs(y) < 20, "facing again: |yaw| < 20, got " + y);
        }

        List<AttentionAlert> raised = alerts.stream()
                .filter(a -> a.getType() == AlertType.LONG_DISTRACTION && a.getState() == AlertState.RAISED).toList();
        assertEquals(1, raised.size(), "exactly one long-distraction alert: " + alerts);
        AttentionAlert alert = raised.get(0);
        assertEquals(trackId, alert.getTrackId());
        // The turn starts at 4 s of the clip; sampling at 5 fps puts the first away sample at 4.0-4.2 s.
        long startedAt = alert.getStartedAtMs() - t0;
        assertTrue(startedAt >= 3800 && startedAt <= 4400, "away since about 4 s, got " + startedAt + " ms");
        assertTrue(alert.getDurationMs() >= 3000, "raised after >= 3 s away");
        List<AttentionAlert> cleared = alerts.stream()
                .filter(a -> a.getAlertId().equals(alert.getAlertId()) && a.getState() == AlertState.CLEARED).toList();
        assertEquals(1, cleared.size(), "cleared once when the person looks back: " + alerts);
        assertTrue(cleared.get(0).getDurationMs() >= 4600 && cleared.get(0).getDurationMs() <= 5400,
                "away about 5 s in all, got " + cleared.get(0).getDurationMs());
    }
}
