package dev.heed.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.ingest.detect.DetectorKind;
import dev.heed.ingest.detect.DetectorSettings;
import dev.heed.ingest.track.TrackerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    /** The flags of one good camera, followed by the given ones. */
    private static String[] camera(String... more) {
        List<String> args = new ArrayList<>(List.of("--camera-id", "c", "--source", SharedData.clip().toString(), "--models-dir", models()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void buildsOneCameraWithTheDocumentedDefaults() {
        IngestConfig c = parse("--camera-id", "lobby", "--source", SharedData.clip().toString(), "--models-dir", models());

        assertEquals(1, c.cameras().size());
        assertNull(c.camerasFile());
        CameraConfig cam = c.cameras().get(0);
        assertEquals("lobby", cam.cameraId());
        assertEquals(5.0, cam.sampleFps());
        assertTrue(cam.realtime());
        assertFalse(cam.loop());
        assertEquals("", cam.attentionPolicyId());
        assertEquals(DetectorKind.YUNET, c.detector());
        assertEquals(Path.of(models(), "yunet-s-dynamic.onnx"), c.detectorModel());
        assertEquals(DetectorSettings.AUTO_INPUT_SIZE, c.detectorInputSize(), "auto: the input follows the frame");
        assertEquals(0.5f, c.scoreThreshold());
        assertEquals(0f, c.minFaceSize());
        assertEquals("square-margin-0.00", c.cropPolicy().name());
        assertEquals(224, c.cropSize());
        assertEquals(90, c.jpegQuality());
        assertEquals(1, c.intraOpThreads());
        assertEquals(new TrackerSettings(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.2), c.tracker());
        assertEquals(new StreamSettings(Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofMillis(250), Duration.ofSeconds(3)), c.stream());
    }

    @Test
    void takesEveryOption() {
        IngestConfig c = parse("--camera-id", "cam-2", "--source", "rtsp://u:p@10.0.0.5/s", "--sample-fps", "2.5", "--realtime=false",
                "--loop", "--attention-policy", "exam-hall", "--detector", "SCRFD", "--models-dir", models(),
                "--detector-input-size", "320", "--score-threshold", "0.7", "--min-face-size", "24",
                "--crop-margin", "0.25", "--crop-size", "112", "--jpeg-quality", "80", "--intra-op-threads", "2",
                "--rtsp-timeout-ms", "3000", "--stall-timeout-ms", "4000", "--reconnect-min-ms", "100", "--reconnect-max-ms", "2000",
                "--track-timeout-ms", "1500", "--hidden-track-timeout-ms", "20000", "--presence-max-change", "0.3");

        CameraConfig cam = c.cameras().get(0);
        assertEquals("rtsp://u:p@10.0.0.5/s", cam.source());
        assertFalse(cam.toString().contains(":p@"), "toString must redact: " + cam);
        assertEquals(2.5, cam.sampleFps());
        assertFalse(cam.realtime());
        assertTrue(cam.loop());
        assertEquals("exam-hall", cam.attentionPolicyId());
        assertEquals(DetectorKind.SCRFD, c.detector());
        assertEquals(Path.of(models(), "scrfd-500m-kps.onnx"), c.detectorModel(), "the detector's own model by default");
        assertEquals(320, c.detectorSettings().inputSize());
        assertEquals(0.7f, c.scoreThreshold());
        assertEquals(24f, c.minFaceSize());
        assertEquals("square-margin-0.25", c.cropPolicy().name());
        assertEquals(112, c.cropPolicy().size());
        assertEquals(80, c.jpegQuality());
        assertEquals(2, c.detectorSettings().intraOpThreads());
        assertEquals(new StreamSettings(Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofMillis(100), Duration.ofSeconds(2)), c.stream());
        assertEquals(new TrackerSettings(Duration.ofMillis(1500), Duration.ofSeconds(20), 0.3), c.tracker());
    }

    @Test
    void badValuesNameTheirFlag() {
        String clip = SharedData.clip().toString();
        assertTrue(error("--camera-id", "c", "--models-dir", models()).startsWith("--source: is required"));
        assertTrue(error("--source", clip, "--models-dir", models()).startsWith("--camera-id: is required"));
        assertTrue(error("--models-dir", models()).startsWith("no camera: give --camera-id and --source, or --cameras FILE"));
        assertTrue(error("--camera-id", "a/b", "--source", clip, "--models-dir", models()).startsWith("--camera-id: camera id must match"));
        assertTrue(error("--camera-id", "c", "--source", "/no/such.mp4", "--models-dir", models()).startsWith("--source: file not found"));
        assertTrue(error("--camera-id", "c", "--source", "http://cam/x", "--models-dir", models()).startsWith("--source: only video files and rtsp://"));
        assertTrue(error(camera("--sample-fps", "0")).startsWith("--sample-fps: must be > 0"));
        assertTrue(error(camera("--sample-fps", "61")).startsWith("--sample-fps"));
        assertTrue(error(camera("--attention-policy", "no spaces")).startsWith("--attention-policy: a policy id is"));
        assertTrue(error("--camera-id", "c", "--source", clip, "--models-dir", "/nowhere").startsWith("--detector-model file not found"));
        assertTrue(error(camera("--detector", "haar")).startsWith("--detector must be yunet or scrfd, got 'haar'"));
        assertTrue(error(camera("--detector-input-size", "300")).startsWith("--detector-input-size must be auto or a multiple of 32"));
        String big = assertThrows(CommandLine.ParameterException.class, () -> parse(camera("--detector-input-size", "big"))).getMessage();
        assertTrue(big.contains("--detector-input-size") && big.contains("must be auto or a number of pixels, got 'big'"), big);
        assertEquals(640, parse(camera("--detector-input-size", "640")).detectorInputSize());
        assertTrue(error(camera("--score-threshold", "1.5")).startsWith("--score-threshold"));
        assertTrue(error(camera("--crop-margin", "-0.1")).startsWith("--crop-margin"));
        assertTrue(error(camera("--crop-size", "8")).startsWith("--crop-size"));
        assertTrue(error(camera("--jpeg-quality", "0")).startsWith("--jpeg-quality"));
        assertTrue(error(camera("--intra-op-threads", "0")).startsWith("--intra-op-threads"));
        assertTrue(error(camera("--rtsp-timeout-ms", "0")).startsWith("--rtsp-timeout-ms"));
        assertTrue(error(camera("--stall-timeout-ms", "100")).startsWith("--stall-timeout-ms"));
        assertTrue(error(camera("--reconnect-min-ms", "5000", "--reconnect-max-ms", "1000")).startsWith("--reconnect-max-ms (1000) must be >="));
        assertTrue(error(camera("--track-timeout-ms", "0")).startsWith("--track-timeout-ms"));
        assertTrue(error(camera("--hidden-track-timeout-ms", "500")).startsWith("--hidden-track-timeout-ms must be 0 (off) or at least --track-timeout-ms (1000)"));
        assertTrue(error(camera("--hidden-track-timeout-ms", "-1")).startsWith("--hidden-track-timeout-ms"));
        assertTrue(error(camera("--presence-max-change", "1")).startsWith("--presence-max-change must be > 0 and < 1"));
        assertFalse(parse(camera("--hidden-track-timeout-ms", "0")).tracker().hiddenTracks(), "0 turns hidden tracks off");
        assertTrue(error(camera("--min-face-size", "-1")).startsWith("--min-face-size"));
    }

    @Test
    void malformedRtspUrlsAreRejectedUpFrontWithoutRepeatingThePassword() {
        for (String url : List.of("rtsp://", "rtsp://admin:s3cret@/stream", "rtsp://admin:s3cret@cam:99999/s", "rtsp://admin:s3cret@cam:http/s",
                "rtsp://admin:s3cret@cam one/s", "rtsp://admin:s3cret@[::1/s")) {
            String msg = error("--camera-id", "c", "--source", url, "--models-dir", models());
            assertTrue(msg.startsWith("--source: malformed rtsp:// URL: "), url + " -> " + msg);
            assertFalse(msg.contains("s3cret"), msg);
        }
        // A password may contain '@': FFmpeg splits at the last '@' before the host, and so do checks and logs.
        CameraConfig at = parse("--camera-id", "c", "--source", "rtsp://admin:p@ss@10.0.0.9:8554/live", "--models-dir", models()).cameras().get(0);
        assertEquals("CameraConfig[cameraId=c, source=rtsp://***@10.0.0.9:8554/live, sampleFps=5.0, realtime=true, loop=false, attentionPolicyId=]",
                at.toString());
        parse("--camera-id", "c", "--source", "rtsp://[fe80::1]:554/live", "--models-dir", models());
    }

    @Test
    void aCamerasFileGivesManyCamerasWithTheFlagsAsDefaultsAndFilesRelativeToIt(@TempDir Path dir) throws Exception {
        Path clip = Files.copy(SharedData.clip(), dir.resolve("clip.mp4"));
        Path file = Files.writeString(dir.resolve("cameras.properties"), String.join("\n",
                "# two cameras",
                "camera.lobby.url=rtsp://viewer:s3cret@10.0.0.5:554/stream1",
                "camera.lobby.attention-policy=classroom",
                "camera.lobby.sample-fps=2",
                "camera.hall.2.url=" + clip.getFileName(),
                "camera.hall.2.loop=true",
                "camera.hall.2.realtime=false",
                ""));
        IngestConfig c = parse("--cameras", file.toString(), "--models-dir", models(), "--sample-fps", "4", "--attention-policy", "default-p");

        assertEquals(file, c.camerasFile().path());
        assertEquals(List.of(
                new CameraConfig("hall.2", clip.toString(), 4, false, true, "default-p"),
                new CameraConfig("lobby", "rtsp://viewer:s3cret@10.0.0.5:554/stream1", 2, true, false, "classroom")), c.cameras());
    }

    @Test
    void everyMistakeInTheCamerasFileNamesItsKey(@TempDir Path dir) throws Exception {
        String good = "camera.a.url=" + SharedData.clip() + "\n";
        assertEquals("camera.a.sample-fps: must be > 0 and <= 60, got 0.0", fileError(dir, good + "camera.a.sample-fps=0"));
        assertEquals("camera.a.sample-fps: not a number: 'five'", fileError(dir, good + "camera.a.sample-fps=five"));
        assertEquals("camera.a.loop: must be true or false, got 'yes'", fileError(dir, good + "camera.a.loop=yes"));
        assertEquals("camera.a.samplefps: unknown setting 'samplefps'; expected one of [url, sample-fps, realtime, loop, attention-policy]",
                fileError(dir, good + "camera.a.samplefps=5"));
        assertTrue(fileError(dir, good + "cameras.b.url=x").startsWith("cameras.b.url: unknown key; expected camera.<id>.<setting>"));
        assertEquals("camera.b.url is missing: every camera needs an rtsp:// URL or a video file", fileError(dir, good + "camera.b.loop=true"));
        assertTrue(fileError(dir, good + "camera.b.url=/no/such.mp4").startsWith("camera.b.url: file not found: /no/such.mp4"));
        assertEquals("camera.b.url: malformed rtsp:// URL: no host", fileError(dir, good + "camera.b.url=rtsp://u:s3cret@/x"));
        assertEquals("camera.a.url: set more than once", fileError(dir, good + good));
        assertTrue(fileError(dir, good + "camera.a b.url=x").startsWith("camera.a: unknown key"), fileError(dir, good + "camera.a b.url=x"));
        assertTrue(fileError(dir, good + "camera.a.attention-policy=a/b").startsWith("camera.a.attention-policy: a policy id is"));

        Path file = Files.writeString(dir.resolve("both.properties"), good);
        assertTrue(error("--cameras", file.toString(), "--camera-id", "x", "--models-dir", models())
                .startsWith("--cameras and --camera-id/--source are alternatives"));
        assertTrue(error("--cameras", dir.resolve("missing.properties").toString(), "--models-dir", models()).startsWith("--cameras: cannot read"));
    }

    /** The message after the file's name. */
    private static String fileError(Path dir, String content) throws Exception {
        Path file = Files.writeString(dir.resolve("cameras.properties"), content);
        String msg = error("--cameras", file.toString(), "--models-dir", models());
        String prefix = "--cameras " + file + ": ";
        assertTrue(msg.startsWith(prefix), msg);
        return msg.substring(prefix.length());
    }

    @Test
    void cameraIdsMustBeUnique() {
        CameraConfig a = CameraConfig.of("same", SharedData.clip().toString());
        String msg = assertThrows(IllegalArgumentException.class,
                () -> IngestConfig.withDefaults(List.of(a, a), SharedData.yunet())).getMessage();
        assertTrue(msg.contains("same") && msg.contains("more than one camera"), msg);
    }
}
