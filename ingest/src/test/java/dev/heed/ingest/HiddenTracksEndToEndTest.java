package dev.heed.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.source.H264ClipWriter;
import dev.heed.kafka.embedded.EmbeddedKafka;
import dev.heed.proto.v1.FaceCrop;
import dev.heed.proto.v1.FrameSummary;
import dev.heed.proto.v1.Visibility;
import dev.heed.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hidden and gone tracks through the whole ingest (real H.264 clip, real YuNet, real broker): a 1080p row of four people
 * with faces about 55 px wide, as in a classroom. A (the 16-pose person of ../shared/data/faces, office series) faces the
 * camera, turns away and up for 10 s (a pose YuNet does not find at this size), and faces it again; B and C (FairFace
 * photos) sit still beside A; D (the same person, wall series) leaves the seat for good at 6 s, which then shows the wall.
 */
class HiddenTracksEndToEndTest {
    private static final int WIDTH = 1920;
    private static final int HEIGHT = 1080;
    private static final int FPS = 10;
    private static final double SECONDS = 16;
    private static final double TURN_FROM = 3;
    private static final double TURN_TO = 13;
    private static final double LEAVE_AT = 6;
    /** The aws photos' frontal face is about 173.5 px wide: scaled to 55 px. */
    private static final double AWS_SCALE = 55 / 173.5;
    private static final int[] LEFT = {300, 700, 1000, 1400};
    private static final int TOP = 500;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start().withHeedTopics(1);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static BgrImage aws(int id) throws Exception {
        BgrImage p = BgrImage.read(SharedData.faceImage("aws_IMG_" + id + ".JPG"));
        return p.resize((int) Math.round(p.width() * AWS_SCALE), (int) Math.round(p.height() * AWS_SCALE));
    }

    private static BgrImage fairFace(String name) throws Exception {
        return BgrImage.read(SharedData.faceImage(name)).resize(150, 150);
    }

    @Test
    void aPersonTurnedAwayForTenSecondsKeepsTheIdAsHiddenAndALeaverIsGoneWithinTheTrackTimeout(@TempDir Path tmp) throws Exception {
        BgrImage aFacing = aws(1232);
        BgrImage aAway = aws(1238);
        BgrImage b = fairFace("fairface_0007.jpg");
        BgrImage c = fairFace("fairface_0010.jpg");
        BgrImage d = aws(1239);
        BgrImage raw1239 = BgrImage.read(SharedData.faceImage("aws_IMG_1239.JPG"));
        // The empty seat: the wall beside D's head (top-left corner of the photo), over the whole photo.
        BgrImage dEmpty = raw1239.cropResize(0, 0, 40, 40, d.width(), d.height());
        IntFunction<BgrImage> picture = frame -> {
            double t = frame / (double) FPS;
            BgrImage canvas = new BgrImage(WIDTH, HEIGHT, new byte[WIDTH * HEIGHT * 3]);
            Arrays.fill(canvas.bgr(), (byte) 110);
            (t >= TURN_FROM && t < TURN_TO ? aAway : aFacing).copyInto(canvas, LEFT[0], TOP);
            b.copyInto(canvas, LEFT[1], TOP + 20);
            c.copyInto(canvas, LEFT[2], TOP + 20);
            (t < LEAVE_AT ? d : dEmpty).copyInto(canvas, LEFT[3], TOP);
            return canvas;
        };
        Path clip = H264ClipWriter.write(picture, (int) (SECONDS * FPS), FPS, FPS / 2, 4_000_000, tmp.resolve("row.mp4"));

        // The fixed 640 YuNet, under which A's turned pose is not found at this size, so that A's turn is a real miss.
        IngestConfig config = IngestConfig.withDefaults(List.of(CameraConfig.of("row", clip.toString()).withRealtime(false)), SharedData.yunet());
        PrometheusRegistry registry = new PrometheusRegistry();
        try (IngestService service = new IngestService(config, kafka.settings(), registry)) {
            service.start();
            Await.until(service::isFinished, Duration.ofSeconds(120), () -> "not finished: " + service.cameraStates());
            assertEquals(Map.of("row", CameraState.FINISHED), service.cameraStates());
        }

        // Each track's records in order; the seat a track belongs to is where its boxes lie.
        Map<Long, List<FaceCrop>> byTrack = new TreeMap<>();
        long firstCapture = Long.MAX_VALUE;
        // The file's end is told to every track (the four seats' ones: three live, D's ended 3 s before): set apart here.
        Map<Long, FaceCrop> streamEnds = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : TopicRecords.all(kafka.settings(), Topics.FACE_CROPS.name(), "row")) {
            FaceCrop crop = FaceCrop.parseFrom(r.value());
            assertEquals("row/" + crop.getTrackId(), r.key());
            if (crop.getStreamEnded()) {
                assertEquals(Visibility.VISIBILITY_GONE, crop.getVisibility());
                streamEnds.put(crop.getTrackId(), crop);
                continue;
            }
            assertTrue(streamEnds.isEmpty(), "the stream's end comes last");
            byTrack.computeIfAbsent(crop.getTrackId(), k -> new ArrayList<>()).add(crop);
        }
        List<ConsumerRecord<String, byte[]>> summaries = TopicRecords.all(kafka.settings(), Topics.FRAME_SUMMARIES.name(), "row");
        assertEquals((int) (SECONDS * 5), summaries.size(), "5 samples a second");
        firstCapture = FrameSummary.parseFrom(summaries.get(0).value()).getCaptureTimeMs();
        long lastCapture = FrameSummary.parseFrom(summaries.get(summaries.size() - 1).value()).getCaptureTimeMs();
        assertEquals(byTrack.keySet(), streamEnds.keySet(), "every track is told the stream has ended");
        streamEnds.values().forEach(end -> assertEquals(lastCapture, end.getCaptureTimeMs(), "at the last frame"));

        Map<Integer, List<Long>> tracksOfSeat = new HashMap<>();
        for (Map.Entry<Long, List<FaceCrop>> e : byTrack.entrySet()) {
            int seat = seat(e.getValue().get(0));
            for (FaceCrop crop : e.getValue()) {
                assertEquals(seat, seat(crop), "track " + e.getKey() + " moved to another seat at frame " + crop.getFrameNumber());
            }
            tracksOfSeat.computeIfAbsent(seat, k -> new ArrayList<>()).add(e.getKey());
        }
        for (Map.Entry<Long, List<FaceCrop>> e : byTrack.entrySet()) {
            System.out.printf("track %d, seat %s, first box %s: %s%n", e.getKey(), "ABCD".charAt(seat(e.getValue().get(0))), e.getValue().get(0).getFaceBox().toString().replace("\n", " "), timeline(e.getValue(), firstCapture));
        }
        for (int seat = 0; seat < 4; seat++) {
            assertEquals(1, tracksOfSeat.getOrDefault(seat, List.of()).size(), "one track id for seat " + "ABCD".charAt(seat) + ": " + tracksOfSeat);
        }

        // A: one id over the whole clip; hidden (not gone) while turned away; faces before and after.
        List<FaceCrop> a = byTrack.get(tracksOfSeat.get(0).get(0));
        long hiddenA = a.stream().filter(r -> r.getVisibility() == Visibility.VISIBILITY_FACE_HIDDEN).count();
        assertTrue(a.stream().noneMatch(r -> r.getVisibility() == Visibility.VISIBILITY_GONE), "A never gone");
        assertTrue(hiddenA >= 40, "A hidden for most of the 50 samples turned away: " + hiddenA);
        for (FaceCrop r : a) {
            double t = (r.getCaptureTimeMs() - firstCapture) / 1000.0;
            if (r.getVisibility() == Visibility.VISIBILITY_FACE_HIDDEN) {
                assertTrue(t >= TURN_FROM && t < TURN_TO + 0.5, "A hidden at " + t + " s, outside the turn");
                assertTrue(r.getCrop().isEmpty() && r.getLandmarksCount() == 0 && r.getDetectorScore() == 0f, "no crop for a hidden face");
                assertTrue(r.getFaceBox().getWidth() > 40 && r.getFaceBox().getWidth() < 75, "the head box: " + r.getFaceBox());
            }
        }
        assertTrue(a.get(a.size() - 1).getVisibility() == Visibility.VISIBILITY_FACE, "A's face is back at the end under the same id");

        // B and C: faces all along, one id each, never hidden or gone.
        for (int seat : new int[] {1, 2}) {
            List<FaceCrop> records = byTrack.get(tracksOfSeat.get(seat).get(0));
            assertTrue(records.stream().allMatch(r -> r.getVisibility() == Visibility.VISIBILITY_FACE), "seat " + seat);
            assertTrue(records.size() >= 78, "seat " + seat + " has " + records.size() + " of 80 samples");
        }

        // D: gone once, within the track timeout (1 s) plus one sample of leaving; not a hidden run on the way out.
        List<FaceCrop> dRecords = byTrack.get(tracksOfSeat.get(3).get(0));
        FaceCrop gone = dRecords.get(dRecords.size() - 1);
        assertEquals(Visibility.VISIBILITY_GONE, gone.getVisibility(), "D's last record");
        assertEquals(1, dRecords.stream().filter(r -> r.getVisibility() == Visibility.VISIBILITY_GONE).count());
        double goneAfter = (gone.getCaptureTimeMs() - firstCapture) / 1000.0 - LEAVE_AT;
        long hiddenD = dRecords.stream().filter(r -> r.getVisibility() == Visibility.VISIBILITY_FACE_HIDDEN).count();
        System.out.printf("D left at %.1f s: GONE %.1f s later, %d hidden samples between%n", LEAVE_AT, goneAfter, hiddenD);
        assertTrue(goneAfter > 0 && goneAfter <= 1.4, "GONE " + goneAfter + " s after leaving");
        assertEquals(0, hiddenD, "an empty seat is not a hidden head");

        // Summaries: hidden tracks listed apart from the faces.
        long framesWithAHidden = 0;
        for (ConsumerRecord<String, byte[]> r : summaries) {
            FrameSummary s = FrameSummary.parseFrom(r.value());
            assertEquals(s.getFaceCount(), s.getTrackIdsCount());
            if (s.getHiddenTrackIdsList().contains(tracksOfSeat.get(0).get(0))) {
                framesWithAHidden++;
                assertTrue(!s.getTrackIdsList().contains(tracksOfSeat.get(0).get(0)));
            }
        }
        assertEquals(hiddenA, framesWithAHidden);
        Map<String, Double> m = MetricsScrape.of(registry);
        assertEquals(1.0, m.get("heed_ingest_tracks_ended_total{camera=\"row\",reason=\"head_gone\"}"));
        assertEquals(3.0, m.get("heed_ingest_tracks_ended_total{camera=\"row\",reason=\"stream_ended\"}"), "A, B and C at the end");
        assertEquals(0.0, m.get("heed_ingest_tracks_ended_total{camera=\"row\",reason=\"hidden_too_long\"}"));
    }

    /** Which of the four seats the record's box lies in. */
    private static int seat(FaceCrop r) {
        float cx = r.getFaceBox().getX() + r.getFaceBox().getWidth() / 2;
        for (int seat = 3; seat >= 0; seat--) {
            if (cx >= LEFT[seat]) {
                return seat;
            }
        }
        throw new AssertionError("a box left of every seat: " + r.getFaceBox());
    }

    /** F, h, G per sample in time order, with the time of each change. */
    private static String timeline(List<FaceCrop> records, long firstCapture) {
        StringBuilder sb = new StringBuilder();
        Visibility previous = null;
        for (FaceCrop r : records) {
            if (r.getVisibility() != previous) {
                sb.append(String.format(" %.1fs:", (r.getCaptureTimeMs() - firstCapture) / 1000.0));
                previous = r.getVisibility();
            }
            sb.append(switch (r.getVisibility()) {
                case VISIBILITY_FACE -> 'F';
                case VISIBILITY_FACE_HIDDEN -> 'h';
                case VISIBILITY_GONE -> 'G';
                default -> '?';
            });
        }
        return sb.toString();
    }
}
