package dev.heed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.rtsp.FaceClips;
import dev.heed.ingest.rtsp.FaceClips.Shot;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * heed demo as a person runs it, in its own JVM with its own logging configuration: it ends by itself once the video
 * has been read and everything it gave has been printed, whatever --for says; every JSON line has each key once; a
 * healthy run prints no warning; it ends quietly when its output is closed; it runs ingest's detector settings.
 */
class DemoCommandTest {
    private static final Path FACES = Path.of(System.getProperty("heed.shared", "../shared"), "data/faces/images").toAbsolutePath();
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) pose events, (\\d+) windows, (\\d+) alerts");

    @TempDir
    Path dir;

    @Test
    void endsWhenTheVideoHasGoneThroughAndPrintsEveryRecordWithEachKeyOnce() throws Exception {
        BgrImage facing = BgrImage.read(FACES.resolve("aws_IMG_1232.JPG"));
        BgrImage turned = BgrImage.read(FACES.resolve("aws_IMG_1233.JPG"));
        // 14 s at 5 samples a second: 70 poses; away 5 s raises and clears one long distraction; the file's end closes the
        // last windows, so every sample is in a printed window of each size (10 s and 60 s), the person's and the camera's.
        Path clip = FaceClips.shots(List.of(new Shot(facing, 3), new Shot(turned, 5), new Shot(facing, 6)), 10, dir.resolve("turn.mp4"));

        List<Map<String, Object>> records = new ArrayList<>();
        String ending;
        try (HeedProcess p = HeedProcess.start(dir, Map.of(), "demo", "--json", "--fast", "--source", clip.toString(), "--for", "3600")) {
            assertEquals(0, p.awaitExit(WAIT), p.stderrText());
            for (String line : p.stdout()) {
                records.add(StrictJson.object(line));
            }
            List<String> err = p.stderr();
            ending = err.get(err.size() - 1);
            for (String line : err) {
                assertFalse(line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("Bootstrap metadata")
                        || line.contains("UNKNOWN_TOPIC_OR_PARTITION") || line.contains("Formatting metadata"),
                        "a healthy demo prints no warning: " + line + "\n" + p.stderrText());
            }
        }
        assertTrue(ending.startsWith("heed demo: the video has ended and everything it gave has been printed, its last windows included: "),
                ending);

        Map<String, List<Map<String, Object>>> byType = new java.util.TreeMap<>();
        records.forEach(r -> byType.computeIfAbsent((String) r.get("type"), t -> new ArrayList<>()).add(r));
        int poses = byType.getOrDefault("pose", List.of()).size();
        assertTrue(poses >= 67 && poses <= 71, "a pose for (nearly) every one of the 70 samples, got " + poses);
        Matcher counted = SUMMARY.matcher(ending);
        assertTrue(counted.find(), ending);
        assertEquals(records.size() - byType.getOrDefault("state", List.of()).size(),
                Integer.parseInt(counted.group(1)) + Integer.parseInt(counted.group(2)) + Integer.parseInt(counted.group(3)),
                "the last line counts what was printed: " + ending);
        List<Map<String, Object>> samples = byType.get("pose").stream().filter(r -> !"VISIBILITY_GONE".equals(r.get("visibility"))).toList();
        List<Map<String, Object>> windows = byType.getOrDefault("window", List.of());
        for (String scope : List.of("WINDOW_SCOPE_PERSON", "WINDOW_SCOPE_CAMERA")) {
            for (int size : List.of(10, 60)) {
                long inWindows = windows.stream().filter(w -> scope.equals(w.get("scope")) && number(w, "window_size_s") == size)
                        .mapToLong(w -> number(w, "samples")).sum();
                assertEquals(samples.size(), inWindows, scope + " " + size + " s windows hold every sample: " + windows);
            }
        }
        List<Map<String, Object>> ends = byType.get("pose").stream().filter(r -> "VISIBILITY_GONE".equals(r.get("visibility"))).toList();
        assertEquals(1, ends.size(), "the one track ends with the stream: " + ends);
        assertEquals(Boolean.TRUE, ends.get(0).get("stream_ended"), ends.toString());

        List<Map<String, Object>> alerts = byType.getOrDefault("alert", List.of());
        assertEquals(List.of("RAISED", "CLEARED"), alerts.stream().map(a -> a.get("state")).toList(), alerts.toString());
        for (Map<String, Object> a : alerts) {
            assertEquals("alert", a.get("type"));
            assertEquals("LONG_DISTRACTION", a.get("alert_type"));
        }
    }

    /** A JSON number or a 64-bit integer written as a string, as protobuf's JSON mapping does. */
    private static long number(Map<String, Object> record, String key) {
        Object v = record.get(key);
        if (v == null) {
            return 0;
        }
        return Long.parseLong(v instanceof StrictJson.Number n ? n.text() : (String) v);
    }

    @Test
    void endsQuietlyWhenItsOutputIsClosedAsByHead() throws Exception {
        try (HeedProcess p = HeedProcess.start(dir, Map.of(), false, "demo", "--json")) {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.stdoutStream(), StandardCharsets.UTF_8));
            for (int i = 0; i < 5; i++) {
                String line = out.readLine();
                assertTrue(line != null && line.startsWith("{\"type\":"), "line " + i + ": " + line + "\n" + p.stderrText());
            }
            out.close();
            assertEquals(0, p.awaitExit(Duration.ofMinutes(2)), p.stderrText());
            List<String> err = p.stderr();
            assertTrue(err.get(err.size() - 1).startsWith("heed demo: the output was closed; stopping after "), p.stderrText());
            for (String line : err) {
                assertFalse(line.contains("Exception") || line.contains(" ERROR ") || line.contains(" WARN "), "not quiet: " + line);
            }
            assertFalse(p.isAlive());
        }
    }

    @Test
    void runsIngestsDetectorSettingsFromTheSameFlagsAndVariables() throws Exception {
        Path clip = FaceClips.still(BgrImage.read(FACES.resolve("fairface_0007.jpg")), 4, 10, dir.resolve("still.mp4"));
        try (HeedProcess p = HeedProcess.start(dir, Map.of("HEED_INGEST_DETECTOR", "scrfd"), "demo", "--json", "--fast", "--source",
                clip.toString(), "--sample-fps", "2", "--detector-input-size", "320", "--score-threshold", "0.6")) {
            assertEquals(0, p.awaitExit(WAIT), p.stderrText());
            assertTrue(p.stderrText().contains("detector SCRFD (scrfd-500m-kps.onnx)"), p.stderrText());
            long poses = p.stdout().stream().map(StrictJson::object).filter(r -> "pose".equals(r.get("type"))).count();
            assertTrue(poses >= 7 && poses <= 9, "4 s at 2 samples a second: " + poses);
        }
        try (HeedProcess p = HeedProcess.start(dir, Map.of("HEED_INGEST_DETECTOR", "bogus"), "demo")) {
            assertEquals(2, p.awaitExit(WAIT));
            assertEquals(List.of("heed: --detector must be yunet or scrfd, got 'bogus'"), p.stderr());
        }
    }
}
