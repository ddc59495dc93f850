package dev.heed.ingest.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.SharedData;
import dev.heed.ingest.geometry.Rect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SCRFD (scrfd-500m-kps.onnx) on real photos, checked as YuNet is, and against YuNet on the same faces. */
class ScrfdDetectorTest {
    private static ScrfdDetector scrfd;
    private static YuNetDetector yunet;

    @BeforeAll
    static void load() throws Exception {
        scrfd = new ScrfdDetector(SharedData.scrfd(), DetectorSettings.defaults());
        yunet = new YuNetDetector(SharedData.yunet(), DetectorSettings.defaults());
    }

    @AfterAll
    static void close() {
        scrfd.close();
        yunet.close();
    }

    @Test
    void findsTheOneFrontalFaceWithItsLandmarksInsideTheBoxInAnatomicalOrder() throws Exception {
        BgrImage img = BgrImage.read(SharedData.faceImage("aws_IMG_1232.JPG"));
        FrontalFaceChecks.assertOneFrontalFace(scrfd.detect(img), 0.7f);
    }

    /**
     * Two independently trained detectors, each decoded by its own rules, must put the same face in nearly the
     * same place: a wrong stride, anchor layout or letterbox mapping would move or scale the box and landmarks
     * by far more. Measured: IoU 0.78-0.94, mean landmark distance 3-7 % of the face size (most on a turned face).
     */
    @Test
    void agreesWithYuNetOnWhereTheFaceAndItsLandmarksAre() throws Exception {
        for (String name : List.of("aws_IMG_1232.JPG", "fairface_0001.jpg", "fairface_0004.jpg", "fairface_0007.jpg", "fairface_0010.jpg")) {
            BgrImage img = BgrImage.read(SharedData.faceImage(name));
            Detection s = scrfd.detect(img).get(0);
            Detection y = yunet.detect(img).get(0);
            float iou = s.box().iou(y.box());
            assertTrue(iou > 0.7f, name + ": IoU " + iou + " between SCRFD " + s.box() + " and YuNet " + y.box());
            double sum = 0;
            for (int k = 0; k < Detection.LANDMARK_COUNT; k++) {
                sum += Math.hypot(s.landmarkX(k) - y.landmarkX(k), s.landmarkY(k) - y.landmarkY(k));
            }
            double size = Math.max(y.box().width(), y.box().height());
            double mean = sum / Detection.LANDMARK_COUNT;
            assertTrue(mean < 0.1 * size, name + ": landmarks differ by " + mean + " px on average, face " + size + " px");
        }
    }

    @Test
    void mirroringTheImageMirrorsTheBox() throws Exception {
        FrontalFaceChecks.assertMirroringMirrorsTheBox(scrfd, BgrImage.read(SharedData.faceImage("aws_IMG_1232.JPG")));
    }

    @Test
    void detectsTheLabelledFaceOnAtLeast95OfTheFirst100Aflw2000Images() throws Exception {
        List<String> lines = Files.readAllLines(SharedData.aflw().resolve("labels.csv"));
        int matched = 0;
        long nanos = 0;
        int n = 100;
        for (String line : lines.subList(1, n + 1)) {
            String[] f = line.split(",");
            BgrImage img = BgrImage.read(SharedData.aflw().resolve("images").resolve(f[0]));
            Rect label = new Rect(Float.parseFloat(f[4]), Float.parseFloat(f[5]), Float.parseFloat(f[6]), Float.parseFloat(f[7]));
            long t0 = System.nanoTime();
            List<Detection> faces = scrfd.detect(img);
            nanos += System.nanoTime() - t0;
            for (Detection d : faces) {
                if (d.box().iou(label) > 0.3f && d.box().contains(label.centreX(), label.centreY())) {
                    matched++;
                    break;
                }
            }
        }
        System.out.printf("SCRFD on aflw2000-dev first %d: matched (IoU>0.3, centre inside) %d, %.1f ms/image (640x640, 1 thread)%n",
                n, matched, nanos / 1e6 / n);
        assertTrue(matched >= 95, "matched only " + matched + " of " + n);
    }

    @Test
    void aSmallerInputStillFindsALargeFaceInTheSamePlace() throws Exception {
        BgrImage img = BgrImage.read(SharedData.faceImage("aws_IMG_1232.JPG"));
        Rect at640 = scrfd.detect(img).get(0).box();
        try (ScrfdDetector small = new ScrfdDetector(SharedData.scrfd(), DetectorSettings.defaults().withInputSize(320))) {
            assertEquals(320, small.inputSize());
            List<Detection> faces = small.detect(img);
            assertEquals(1, faces.size(), "faces: " + faces);
            assertTrue(faces.get(0).box().iou(at640) > 0.8f, faces.get(0).box() + " vs " + at640);
        }
    }

    @Test
    void anotherModelIsRejectedWithAClearMessage() {
        DetectorException wrong = assertThrows(DetectorException.class,
                () -> new ScrfdDetector(SharedData.yunet(), DetectorSettings.defaults()));
        assertTrue(wrong.getMessage().contains("is not an SCRFD (with keypoints) model: missing output score_8"), wrong.getMessage());
        DetectorException missing = assertThrows(DetectorException.class,
                () -> new ScrfdDetector(Path.of("no/such/scrfd.onnx"), DetectorSettings.defaults()));
        assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
    }
}
