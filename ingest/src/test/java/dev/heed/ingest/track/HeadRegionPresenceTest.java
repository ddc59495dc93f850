package dev.heed.ingest.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.SharedData;
import dev.heed.ingest.detect.Detection;
import dev.heed.ingest.detect.DetectorKind;
import dev.heed.ingest.detect.DetectorSettings;
import dev.heed.ingest.detect.FaceDetector;
import dev.heed.ingest.geometry.Rect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The presence check on real photos: one person (../shared/data/faces, aws_IMG_*) facing the camera, then at each of
 * the series' other poses (turned, looking up or down), or gone (the seat shows the wall or the office behind),
 * at classroom face sizes in a 1080p frame, JPEG-compressed. The face box is YuNet's on the frontal photo, as the
 * tracker would have it.
 */
class HeadRegionPresenceTest {
    /** Two series of the same person: in an office (frontal 1232), before a wall (frontal 1239). */
    private static final int[][] SERIES = {{1232, 1233, 1234, 1235, 1236, 1237, 1238}, {1239, 1240, 1241, 1242, 1243, 1244, 1245, 1246, 1247}};
    /** The frontal photos' face is about 173 px wide; scaled so that it is the size wanted. */
    private static final double PHOTO_FACE_WIDTH = 173.5;
    private static FaceDetector detector;

    @BeforeAll
    static void loadDetector() throws Exception {
        detector = DetectorKind.YUNET.create(SharedData.yunet(), DetectorSettings.defaults());
    }

    @AfterAll
    static void closeDetector() {
        detector.close();
    }

    private static BgrImage photo(int id) throws Exception {
        return BgrImage.read(SharedData.faceImage("aws_IMG_" + id + ".JPG"));
    }

    /** The photo scaled to the face size, at (900 + dx, 500 + dy) on a grey 1080p frame, through JPEG at quality 60. */
    private static BgrImage frame(BgrImage photo, double faceSize, int dx, int dy) throws Exception {
        double s = faceSize / PHOTO_FACE_WIDTH;
        BgrImage canvas = new BgrImage(1920, 1080, new byte[1920 * 1080 * 3]);
        Arrays.fill(canvas.bgr(), (byte) 110);
        if (photo != null) {
            photo.resize((int) Math.round(photo.width() * s), (int) Math.round(photo.height() * s)).copyInto(canvas, 900 + dx, 500 + dy);
        }
        return BgrImage.decode(canvas.toJpeg(60));
    }

    /** What the seat looks like without the person: parts of the photo's background stretched over the whole photo. */
    private static List<BgrImage> emptySeats(BgrImage frontal) {
        int w = frontal.width();
        int h = frontal.height();
        return List.of(frontal.cropResize(0, 0, 40, 40, w, h), frontal.cropResize(0, 0, w * 0.3, h, w, h),
                frontal.cropResize(w * 0.75, 0, w * 0.25, h, w, h));
    }

    @Test
    void aTurnedHeadStaysInPlaceAndAnEmptiedSeatDoesNot() throws Exception {
        double inPlaceMax = 0;
        double goneMin = 1;
        List<String> lines = new ArrayList<>();
        for (double size : new double[] {40, 55, 80}) {
            for (int[] series : SERIES) {
                BgrImage frontal = photo(series[0]);
                BgrImage first = frame(frontal, size, 0, 0);
                List<Detection> faces = detector.detect(first);
                assertEquals(1, faces.size(), "the frontal face at " + size + " px");
                Rect box = faces.get(0).box();
                HeadRegionPresence presence = new HeadRegionPresence(HeadRegionPresence.DEFAULT_MAX_CHANGE);
                presence.faceSeen(1, first, box);
                presence.faceSeen(1, frame(frontal, size, 2, -1), box);

                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%3.0f px, frontal %d: in place", size, series[0]));
                List<BgrImage> present = new ArrayList<>();
                present.add(frame(frontal, size, 3, 2)); // the same pose, moved by 3 px
                for (int k = 1; k < series.length; k++) {
                    present.add(frame(photo(series[k]), size, 0, 0));
                }
                for (BgrImage f : present) {
                    double change = presence.change(1, f, box);
                    inPlaceMax = Math.max(inPlaceMax, change);
                    line.append(String.format(Locale.ROOT, " %.2f", change));
                }
                line.append("; gone");
                List<BgrImage> gone = new ArrayList<>();
                gone.add(frame(null, size, 0, 0));
                for (BgrImage empty : emptySeats(frontal)) {
                    gone.add(frame(empty, size, 0, 0));
                }
                for (BgrImage f : gone) {
                    double change = presence.change(1, f, box);
                    goneMin = Math.min(goneMin, change);
                    line.append(String.format(Locale.ROOT, " %.2f", change));
                }
                lines.add(line.toString());
            }
        }
        lines.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "presence: in place at most %.2f, gone at least %.2f, threshold %.2f%n", inPlaceMax, goneMin,
                HeadRegionPresence.DEFAULT_MAX_CHANGE);
        assertTrue(inPlaceMax <= HeadRegionPresence.DEFAULT_MAX_CHANGE, "a turned head judged gone: " + inPlaceMax);
        assertTrue(goneMin > HeadRegionPresence.DEFAULT_MAX_CHANGE, "an empty seat judged in place: " + goneMin);
    }

    @Test
    void aRegionMostlyOutsideTheFrameOrAnUnknownTrackCannotBeJudgedInPlace() throws Exception {
        BgrImage f = frame(photo(1239), 55, 0, 0);
        Rect box = detector.detect(f).get(0).box();
        HeadRegionPresence presence = new HeadRegionPresence(0.2);
        assertFalse(presence.headInPlace(7, f, box), "never seen");
        presence.faceSeen(7, f, box);
        assertTrue(presence.headInPlace(7, f, box));
        assertFalse(presence.headInPlace(7, f, new Rect(1900, 1060, 55, 70)), "the region is almost all outside the frame");
        presence.forget(7);
        assertFalse(presence.headInPlace(7, f, box), "forgotten");
        assertThrows(IllegalArgumentException.class, () -> new HeadRegionPresence(0));
        assertThrows(IllegalArgumentException.class, () -> new HeadRegionPresence(1));
    }
}
