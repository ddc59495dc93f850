package dev.heed.ingest.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.cli.CommandRunner;
import dev.heed.common.image.BgrImage;
import dev.heed.ingest.SharedData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VideoSourceTest {
    private static SourceOptions fast(double fps) {
        return new SourceOptions(fps, false, false);
    }

    /** Mean absolute difference per byte: about 2 for the same picture after H.264, over 20 for another one. */
    private static double difference(BgrImage a, BgrImage b) {
        long sum = 0;
        for (int i = 0; i < a.bgr().length; i++) {
            sum += Math.abs((a.bgr()[i] & 0xff) - (b.bgr()[i] & 0xff));
        }
        return (double) sum / a.bgr().length;
    }

    @Test
    void samplesTheClipAt5FpsByStreamTimeWithCaptureTimesOnTheWallClock() throws Exception {
        long before = System.currentTimeMillis();
        List<VideoFrame> frames = new ArrayList<>();
        try (VideoSource src = VideoSource.open(SharedData.clip().toString(), fast(5))) {
            assertEquals(640, src.width());
            assertEquals(480, src.height());
            assertFalse(src.isLive());
            VideoFrame f;
            while ((f = src.next()) != null) {
                frames.add(f);
            }
            assertEquals(625, src.framesDecoded(), "25 s at 25 fps");
            assertNull(src.next(), "stays ended");
        }
        assertEquals(125, frames.size());
        VideoFrame first = frames.get(0);
        assertTrue(first.captureTimeMs() >= before && first.captureTimeMs() <= System.currentTimeMillis(), "anchored to the wall clock");
        for (int i = 0; i < frames.size(); i++) {
            VideoFrame f = frames.get(i);
            assertEquals(5L * i, f.frameNumber(), "every 5th of 25 fps");
            assertEquals(200_000L * i, f.streamMicros());
            assertEquals(first.captureTimeMs() + 200L * i, f.captureTimeMs());
            assertEquals(640, f.image().width());
        }
    }

    @Test
    void decodedPixelsAreThePhotosTheClipWasMadeOfInBgrOrder() throws Exception {
        BgrImage frontal = BgrImage.read(SharedData.faceImage("aws_IMG_1232.JPG"));
        BgrImage turned = BgrImage.read(SharedData.faceImage("aws_IMG_1233.JPG"));
        try (VideoSource src = VideoSource.open(SharedData.clip().toString(), fast(1))) {
            VideoFrame atZero = src.next();
            for (int i = 0; i < 7; i++) {
                src.next();
            }
            VideoFrame atEight = src.next();
            assertEquals(8_000_000L, atEight.streamMicros());
            // office-turns.json: frontal photo 0-6 s, turned photo 6-11 s.
            assertTrue(difference(atZero.image(), frontal) < 5, "frame 0 vs frontal " + difference(atZero.image(), frontal));
            assertTrue(difference(atZero.image(), turned) > 20);
            assertTrue(difference(atEight.image(), turned) < 5, "frame at 8 s vs turned " + difference(atEight.image(), turned));
        }
    }

    @Test
    void realtimePacesAFileAtItsOwnRate() throws Exception {
        SourceOptions realtime = new SourceOptions(5, true, false);
        try (VideoSource src = VideoSource.open(SharedData.clip().toString(), realtime)) {
            src.next();
            long t0 = System.nanoTime();
            VideoFrame f = null;
            for (int i = 0; i < 5; i++) {
                f = src.next();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(1_000_000L, f.streamMicros());
            assertTrue(seconds > 0.9 && seconds < 1.5, "5 samples at 5 fps took " + seconds + " s");
        }
    }

    @Test
    void loopingKeepsTheStreamClockAndCaptureTimesRising() throws Exception {
        SourceOptions loop = new SourceOptions(5, false, true);
        try (VideoSource src = VideoSource.open(SharedData.clip().toString(), loop)) {
            VideoFrame prev = src.next();
            for (int i = 1; i < 135; i++) {
                VideoFrame f = src.next();
                long step = f.captureTimeMs() - prev.captureTimeMs();
                assertTrue(step >= 160 && step <= 240, "step " + step + " ms at sample " + i);
                assertTrue(f.frameNumber() > prev.frameNumber());
                prev = f;
            }
            assertTrue(prev.streamMicros() > 26_000_000L, "past the end of the 25 s file: " + prev.streamMicros());
            assertTrue(src.framesDecoded() > 625);
        }
    }

    @Test
    void aFileThatIsNotAVideoFailsWithFfmpegsReason() {
        VideoSourceException e = assertThrows(VideoSourceException.class,
                () -> VideoSource.open(SharedData.notAVideo().toString(), fast(5)));
        assertTrue(e.getMessage().contains("cannot open video source") && e.getMessage().contains("manifest.csv")
                && e.getMessage().contains("Invalid data"), e.getMessage());
    }

    @Test
    void aMissingFileFailsWithoutTouchingFfmpeg() {
        VideoSourceException e = assertThrows(VideoSourceException.class,
                () -> VideoSource.open("/no/such/camera.mp4", fast(5)));
        assertEquals("video file not found: /no/such/camera.mp4", e.getMessage());
    }

    @Test
    void anUnreachableRtspCameraFailsFastWithoutLeakingItsPassword() {
        long t0 = System.nanoTime();
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        VideoSourceException e = assertThrows(VideoSourceException.class,
                () -> VideoSource.open("rtsp://admin:s3cret@127.0.0.1:1/stream1", fast(5)));
        assertTrue((System.nanoTime() - t0) / 1e9 < 3, "refused connection must not wait for the timeout");
        assertTrue(e.getMessage().contains("rtsp://***@127.0.0.1:1/stream1"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        // No cause either: JavaCV's exception message holds the raw URL and would leak through a logged stack trace.
        assertNull(e.getCause());
        assertFalse(CommandRunner.describe(e).contains("s3cret"), CommandRunner.describe(e));
    }
}
