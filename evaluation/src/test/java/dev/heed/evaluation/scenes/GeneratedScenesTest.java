package dev.heed.evaluation.scenes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.image.BgrImage;
import dev.heed.evaluation.SharedData;
import dev.heed.evaluation.scenario.SceneTruth;
import dev.heed.evaluation.scenario.SceneTruth.AwayKind;
import dev.heed.evaluation.scenario.SceneTruth.Person;
import dev.heed.evaluation.scenario.SceneTruth.Span;
import dev.heed.evaluation.scenario.SceneTruth.State;
import dev.heed.ingest.detect.Detection;
import dev.heed.ingest.detect.DetectorKind;
import dev.heed.ingest.detect.DetectorSettings;
import dev.heed.ingest.detect.FaceDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The generated scenes hold what the issue asks for, and their faces are faces: YuNet finds one in every seat. Frames
 * are written as PNG under target/scene-frames/ for a look (the project's own test data, never a camera's).
 */
class GeneratedScenesTest {
    private static final Path FRAMES = Path.of("target/scene-frames");

    private static FaceDetector ingestsDetector() throws Exception {
        return DetectorKind.YUNET.create(SharedData.models().resolve("yunet-2023mar.onnx"), DetectorSettings.defaults());
    }

    /** YuNet with a 1280 px input (the dynamic model): what a detector can find in the frame at all. */
    private static FaceDetector fineDetector() throws Exception {
        return DetectorKind.YUNET.create(SharedData.models().resolve("yunet-s-dynamic.onnx"), DetectorSettings.defaults().withInputSize(1280));
    }

    private static long facesIn(List<Detection> found, Person p) {
        return found.stream().filter(d -> p.seat().contains(d.box().x() + d.box().width() / 2, d.box().y() + d.box().height() / 2)).count();
    }

    private static void png(BgrImage frame, String name) throws Exception {
        Files.createDirectories(FRAMES);
        ImageIO.write(frame.toBufferedImage(), "png", FRAMES.resolve(name).toFile());
    }

    private static long spans(SceneTruth t, State state, AwayKind kind, long lengthMs) {
        return t.people().stream().flatMap(p -> p.timeline().stream())
                .filter(s -> s.state() == state && s.kind() == kind && s.lengthMs() == lengthMs).count();
    }

    @Test
    void theClassroomHasTheIssuesStudentsAndEveryOneIsAFace() throws Exception {
        ClassroomScene scene = ClassroomScene.create(SharedData.aflw(), SharedData.faces(), ClassroomScene.DEFAULT_SEED);
        SceneTruth truth = scene.truth(Path.of("classroom.mp4"), "classroom.mp4");
        assertEquals(1920, scene.width());
        assertEquals(1080, scene.height());
        assertEquals(32, truth.people().size());
        assertEquals(List.of(42.0, 52.0, 64.0, 80.0), scene.actors().stream().map(Actor::faceWidth).distinct().sorted().toList(),
                "faces 40-80 px, smaller further back");
        assertEquals(6, spans(truth, State.AWAY, AwayKind.TURNED, 5_000), "six turn away for more than 3 s");
        assertEquals(2, spans(truth, State.AWAY, AwayKind.DOWN, 4_000), "two look down");
        assertEquals(3, spans(truth, State.AWAY, AwayKind.GLANCE, 1_500), "three glance for less than 3 s");
        List<Person> leavers = truth.people().stream().filter(p -> p.stateAt(truth.clip().durationMs() - 1) == State.ABSENT).toList();
        assertEquals(1, leavers.size(), "one leaves for good");
        assertTrue(truth.people().stream().allMatch(p -> p.stateAt(0) == State.ATTENDING && p.stateAt(999) == State.ATTENDING));
        assertTrue(truth.settings().absentAlerts(), "judged with ABSENT alerts on");
        for (int i = 0; i < truth.people().size(); i++) {
            SceneTruth.Seat a = truth.people().get(i).seat();
            assertTrue(a.x() >= 0 && a.y() >= 0 && a.x() + a.width() <= 1920 && a.y() + a.height() <= 1080, "seat inside the frame");
            for (int j = i + 1; j < truth.people().size(); j++) {
                SceneTruth.Seat b = truth.people().get(j).seat();
                boolean overlap = a.x() < b.x() + b.width() && b.x() < a.x() + a.width() && a.y() < b.y() + b.height() && b.y() < a.y() + a.height();
                assertFalse(overlap, truth.people().get(i).id() + " and " + truth.people().get(j).id() + " share space");
            }
        }

        BgrImage first = scene.frame(0);
        int atSix = 6 * ClassroomScene.FPS;
        BgrImage six = scene.frame(atSix);
        png(first, "classroom-0s.png");
        png(six, "classroom-6s.png");
        try (FaceDetector fine = fineDetector(); FaceDetector ingest = ingestsDetector()) {
            List<Detection> all = fine.detect(first);
            for (Person p : truth.people()) {
                assertEquals(1, facesIn(all, p), p.id() + ": one face in the seat on frame 0 (YuNet at 1280 px)");
            }
            List<Detection> atIngestsSize = ingest.detect(first);
            long byIngest = truth.people().stream().filter(p -> facesIn(atIngestsSize, p) > 0).count();
            System.out.printf("classroom frame 0: YuNet at ingest's 640 px finds %d of 32 students, at 1280 px all 32%n", byIngest);
            assertTrue(byIngest >= 30, "at ingest's settings (640 px input, faces 14-27 px there) nearly all are found: " + byIngest);
            List<Detection> later = fine.detect(six);
            assertEquals(0, facesIn(later, leavers.get(0)), "the leaver's empty chair is no face");
            long turnedFound = truth.people().stream().filter(p -> p.stateAt(6_000) == State.AWAY).filter(p -> facesIn(later, p) > 0).count();
            long turned = truth.people().stream().filter(p -> p.stateAt(6_000) == State.AWAY).count();
            System.out.printf("classroom at 6 s: %d of the %d students looking away have a face YuNet finds at 1280 px%n", turnedFound, turned);
        }
    }

    @Test
    void theSameSeedMakesTheSameClip() throws Exception {
        BgrImage a = ClassroomScene.create(SharedData.aflw(), SharedData.faces(), 5).frame(80);
        BgrImage b = ClassroomScene.create(SharedData.aflw(), SharedData.faces(), 5).frame(80);
        BgrImage c = ClassroomScene.create(SharedData.aflw(), SharedData.faces(), 6).frame(80);
        assertArrayEquals(a.bgr(), b.bgr());
        assertFalse(java.util.Arrays.equals(a.bgr(), c.bgr()), "another seed picks other faces");
    }

    @Test
    void theCabinDriverIsFoundInEveryPoseAtIngestsSettings() throws Exception {
        CabinScene scene = CabinScene.create(SharedData.faces(), CabinScene.DEFAULT_SEED);
        SceneTruth truth = scene.truth(Path.of("cabin.mp4"), "cabin.mp4");
        Person driver = truth.people().get(0);
        assertEquals(1, truth.people().size());
        assertEquals(5, spans(truth, State.AWAY, AwayKind.GLANCE, 2_500), "five short glances");
        assertEquals(1, spans(truth, State.AWAY, AwayKind.TURNED, 4_000), "one long glance");
        assertFalse(truth.hasPolicy(), "the aggregator's defaults");
        try (FaceDetector ingest = ingestsDetector()) {
            for (Span s : driver.timeline()) {
                int frame = (int) ((s.fromMs() + s.toMs()) / 2 * CabinScene.FPS / 1000);
                BgrImage image = scene.frame(frame);
                if (s.fromMs() == 23_000) {
                    png(image, "cabin-25s.png");
                }
                List<Detection> found = ingest.detect(image);
                assertEquals(1, found.size(), "one face at " + frame / (double) CabinScene.FPS + " s: " + found);
                assertEquals(1, facesIn(found, driver), "in the driver's seat");
                assertTrue(found.get(0).box().width() > 140, "a large face: " + found.get(0).box());
            }
        }
    }
}
