package dev.heed.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class IngestCommandTest {
    private static IngestConfig parse(String... args) {
        IngestCommand cmd = new IngestCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.toConfig();
    }

    private static String models() {
        return SharedData.root().resolve("models").toString();
    }

    private static String error(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> parse(args)).getMessage();
    }

    @Test
    void buildsOneCameraWithTheDocumentedDefaults() {
        IngestConfig c = parse("--camera-id", "lobby", "--source", SharedData.clip().toString(), "--models-dir", models());

        assertEquals(1, c.cameras().size());
        CameraConfig cam = c.cameras().get(0);
        assertEquals("lobby", cam.cameraId());
        assertEquals(5.0, cam.sampleFps());
        assertTrue(cam.realtime());
        assertFalse(cam.loop());
        assertEquals(Duration.ofSeconds(5), cam.rtspTimeout());
        assertEquals(Path.of(models(), "yunet-2023mar.onnx"), c.detectorModel());
        assertEquals(0.5f, c.scoreThreshold());
        assertEquals(0f, c.minFaceSize());
        assertEquals("square-margin-0.00", c.cropPolicy().name());
        assertEquals(224, c.cropSize());
        assertEquals(90, c.jpegQuality());
        assertEquals(1, c.intraOpThreads());
        assertEquals(Duration.ofSeconds(1), c.trackMaxUnseen());
    }

    @Test
    void takesEveryOption() {
        IngestConfig c = parse("--camera-id", "cam-2", "--source", "rtsp://u:p@10.0.0.5/s", "--sample-fps", "2.5", "--realtime=false",
                "--loop", "--detector-model", SharedData.yunet().toString(), "--score-threshold", "0.7", "--min-face-size", "24",
                "--crop-margin", "0.25", "--crop-size", "112", "--jpeg-quality", "80", "--intra-op-threads", "2",
                "--rtsp-timeout-ms", "3000", "--track-timeout-ms", "1500");

        CameraConfig cam = c.cameras().get(0);
        assertEquals("rtsp://u:p@10.0.0.5/s", cam.source());
        assertFalse(cam.toString().contains(":p@"), "toString must redact: " + cam);
        assertEquals(2.5, cam.sampleFps());
        assertFalse(cam.realtime());
        assertTrue(cam.loop());
        assertEquals(Duration.ofSeconds(3), cam.rtspTimeout());
        assertEquals(0.7f, c.scoreThreshold());
        assertEquals(24f, c.minFaceSize());
        assertEquals("square-margin-0.25", c.cropPolicy().name());
        assertEquals(112, c.cropPolicy().size());
        assertEquals(80, c.jpegQuality());
        assertEquals(2, c.detectorSettings().intraOpThreads());
        assertEquals(Duration.ofMillis(1500), c.trackMaxUnseen());
    }

    @Test
    void badValuesNameTheirFlag() {
        String clip = SharedData.clip().toString();
        assertTrue(error("--source", clip, "--models-dir", models()).startsWith("--camera-id is required"));
        assertTrue(error("--camera-id", "a/b", "--source", clip, "--models-dir", models()).startsWith("--camera-id: camera id must match"));
        assertTrue(error("--camera-id", "c", "--models-dir", models()).startsWith("--source is required"));
        assertTrue(error("--camera-id", "c", "--source", "/no/such.mp4", "--models-dir", models()).startsWith("--source file not found"));
        assertTrue(error("--camera-id", "c", "--source", "http://cam/x", "--models-dir", models()).startsWith("--source: only video files and rtsp://"));
        assertTrue(error("--camera-id", "c", "--source", clip, "--models-dir", models(), "--sample-fps", "0").startsWith("--sample-fps"));
        assertTrue(error("--camera-id", "c", "--source", clip, "--models-dir", models(), "--sample-fps", "61").startsWith("--sample-fps"));
        assertTrue(error("--camera-id", "c", "--source", clip, "--models-dir", "/nowhere").startsWith("--detector-model file not found"));
        assertTrue(error("--camera-id", "c", "--source", clip, "--models-dir", models(), "--score-threshold", "1.5").startsWith("--score-threshold"));
        assertTrue(error("--camera-id", "c", "--source", clip, "--models-dir", models(), "--crop-margin", "-0.1").startsWith("--crop-margin"));
        assertTrue(error("--camera-id", "c", "--source", clip, "--models-dir", models(), "--crop-size", "8").startsWith("--crop-size"));
        assertTrue(error("--camera-id", "c", "--source", clip, "--models-dir", models(), "--jpeg-quality", "0").startsWith("--jpeg-quality"));
        assertTrue(error("--camera-id", "c", "--source", clip, "--models-dir", models(), "--intra-op-threads", "0").startsWith("--intra-op-threads"));
        assertTrue(error("--camera-id", "c", "--source", clip, "--models-dir", models(), "--rtsp-timeout-ms", "0").startsWith("--rtsp-timeout-ms"));
        assertTrue(error("--camera-id", "c", "--source", clip, "--models-dir", models(), "--track-timeout-ms", "0").startsWith("--track-timeout-ms"));
        assertTrue(error("--camera-id", "c", "--source", clip, "--models-dir", models(), "--min-face-size", "-1").startsWith("--min-face-size"));
    }

    @Test
    void cameraIdsMustBeUnique() {
        CameraConfig a = CameraConfig.of("same", SharedData.clip().toString());
        String msg = assertThrows(IllegalArgumentException.class,
                () -> IngestConfig.withDefaults(List.of(a, a), SharedData.yunet())).getMessage();
        assertTrue(msg.contains("same") && msg.contains("more than one camera"), msg);
    }
}
