package dev.heed.ingest.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.geometry.Rect;
import java.util.List;

/** What every detector must report for the one frontal face of a head-and-shoulders photo. */
final class FrontalFaceChecks {
    private FrontalFaceChecks() {
    }

    /**
     * One sizeable upright box with a score of at least {@code minScore}, its five landmarks inside it and in
     * anatomical order: the person's right eye and mouth corner image-left, eyes above the nose above the mouth.
     */
    static Detection assertOneFrontalFace(List<Detection> faces, float minScore) {
        assertEquals(1, faces.size(), "faces: " + faces);
        Detection face = faces.get(0);
        Rect box = face.box();
        assertTrue(face.score() > minScore && face.score() <= 1f, "score " + face.score());
        assertTrue(box.width() > 100 && box.width() < 320 && box.height() > box.width() * 0.9 && box.height() < box.width() * 2, "box " + box);
        for (int k = 0; k < Detection.LANDMARK_COUNT; k++) {
            assertTrue(box.contains(face.landmarkX(k), face.landmarkY(k)), "landmark " + k + " outside " + box + ": " + face);
        }
        assertTrue(face.landmarkX(0) < face.landmarkX(1), "right eye must be image-left of left eye: " + face);
        assertTrue(face.landmarkX(3) < face.landmarkX(4), "right mouth corner must be image-left: " + face);
        float eyesY = (face.landmarkY(0) + face.landmarkY(1)) / 2;
        float mouthY = (face.landmarkY(3) + face.landmarkY(4)) / 2;
        assertTrue(eyesY < face.landmarkY(2) && face.landmarkY(2) < mouthY, "vertical order eyes < nose < mouth: " + face);
        return face;
    }

    /**
     * The detector finds the photo's one face again in its mirror image, at the mirrored place and the same size
     * within 5 % of the face's height (the networks are not exactly mirror-symmetric: measured about 2 %).
     */
    static void assertMirroringMirrorsTheBox(FaceDetector detector, BgrImage img) throws DetectorException {
        Rect box = detector.detect(img).get(0).box();
        List<Detection> mirrored = detector.detect(img.mirrored());

        assertEquals(1, mirrored.size());
        Rect m = mirrored.get(0).box();
        float tolerance = 0.05f * box.height();
        assertEquals(img.width() - box.right(), m.x(), tolerance, "mirrored box " + m + " vs " + box);
        assertEquals(box.y(), m.y(), tolerance, "mirrored box " + m + " vs " + box);
        assertEquals(box.width(), m.width(), tolerance, "mirrored box " + m + " vs " + box);
        assertEquals(box.height(), m.height(), tolerance, "mirrored box " + m + " vs " + box);
    }
}
