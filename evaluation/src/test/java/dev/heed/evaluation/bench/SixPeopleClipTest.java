package dev.heed.evaluation.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.heed.evaluation.SharedData;
import dev.heed.ingest.detect.DetectorKind;
import dev.heed.ingest.detect.DetectorSettings;
import dev.heed.ingest.detect.FaceDetector;
import dev.heed.ingest.source.SourceOptions;
import dev.heed.ingest.source.VideoFrame;
import dev.heed.ingest.source.VideoSource;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest benchmark's generated clip is what it claims: 720p, every frame with six faces ingest's detector finds. */
class SixPeopleClipTest {
    @Test
    void everyFrameIs720pWithSixDetectableFaces(@TempDir Path dir) throws Exception {
        Path clip = SixPeopleClip.cached(SharedData.faces(), dir, 3);
        assertEquals(clip, SixPeopleClip.cached(SharedData.faces(), dir, 3), "written once, then reused");
        DetectorKind yunet = DetectorKind.YUNET;
        try (FaceDetector detector = yunet.create(SharedData.models().resolve(yunet.defaultModelFile()), DetectorSettings.defaults());
             VideoSource source = VideoSource.open(clip.toString(), new SourceOptions(SixPeopleClip.FPS, false, false))) {
            for (int i = 0; i < 3; i++) {
                VideoFrame frame = source.next();
                assertEquals(SixPeopleClip.WIDTH, frame.image().width());
                assertEquals(SixPeopleClip.HEIGHT, frame.image().height());
                assertEquals(SixPeopleClip.PEOPLE_COUNT, detector.detect(frame.image()).size(), "faces in frame " + i);
            }
            assertNull(source.next(), "3 frames written");
        }
    }
}
