package dev.heed.evaluation.bench;

import dev.heed.common.kafka.KafkaSettings;
import dev.heed.evaluation.ProgressBar;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.topics.PersonKey;
import dev.heed.topics.Topics;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The aggregator benchmark's input: pose events of people at 25 fps on four cameras, each person looking at the
 * camera and away in turns of a few seconds, with pose noise, in capture-time order, ending a minute ago (so no
 * window waits for the wall clock). Seeded: every run writes the same events.
 */
final class SyntheticPoseEvents {
    static final int CAMERAS = 4;
    private static final long FRAME_MS = 40;

    private SyntheticPoseEvents() {
    }

    static String cameraId(int camera) {
        return "cam-" + camera;
    }

    /** Writes {@code events} events of {@code people} people to the pose events topic and waits until all are acknowledged. */
    static void write(KafkaSettings settings, int events, int people, ProgressBar progress) {
        Random rnd = new Random(7);
        long base = System.currentTimeMillis() - (long) events / people * FRAME_MS - 60_000;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.producer("heed-bench-pose-events"))) {
            for (int i = 0; i < events; i++) {
                int person = i % people;
                long t = base + (long) (i / people) * FRAME_MS;
                boolean away = ((t - base) / 1000 + person) % 11 < 3;
                PoseEvent e = PoseEvent.newBuilder()
                        .setSchemaVersion(Topics.SCHEMA_VERSION)
                        .setCameraId(cameraId(person % CAMERAS))
                        .setTrackId(person)
                        .setFrameNumber(i / people)
                        .setCaptureTimeMs(t)
                        .setYawDeg((float) ((away ? -60 : 0) + 4 * rnd.nextGaussian()))
                        .setPitchDeg((float) (-8 + 4 * rnd.nextGaussian()))
                        .setRollDeg((float) rnd.nextGaussian())
                        .setYawConfidence(0.95f)
                        .setPitchConfidence(0.95f)
                        .setModelName("bench")
                        .build();
                String key = new PersonKey(e.getCameraId(), e.getTrackId()).toString();
                producer.send(new ProducerRecord<>(Topics.POSE_EVENTS.name(), key, e.toByteArray()));
                progress.step();
            }
            producer.flush();
        }
    }
}
