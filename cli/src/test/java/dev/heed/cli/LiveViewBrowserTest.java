package dev.heed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.heed.aggregator.AggregatorConfig;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.proto.v1.AttentionAlert;
import dev.heed.proto.v1.AttentionStateChange;
import dev.heed.proto.v1.FaceCrop;
import dev.heed.proto.v1.PoseEvent;
import dev.heed.proto.v1.Visibility;
import dev.heed.topics.Topics;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heed demo --view} on the real sample clip, looked at in a real browser (Debian's chromium, driven by
 * playwright-core from cli/browser) the way a person checks it, and every thing the page showed checked against what
 * the pipeline put on Kafka: the boxes and ids drawn where ingest found the faces, each person's state as the pose
 * events say, alerts shown within a second of their records, pause, stepping back through the last minute.
 */
class LiveViewBrowserTest {
    private static final Path BROWSER = Path.of("browser").toAbsolutePath();
    private static final Path CLIP = Path.of(System.getProperty("heed.shared", "../shared"), "data/clips/office-turns.mp4");
    private static final Pattern VIEW = Pattern.compile("^view: (http://127\\.0\\.0\\.1:\\d+/)$");
    private static final Pattern BROKER = Pattern.compile("broker at (\\S+);");

    /** What the Kafka topics held, each record with when this test's consumer received it. */
    private static final class Records {
        final Map<Long, FaceCrop> cropsByTimeAndTrack = new ConcurrentHashMap<>();
        final Map<String, PoseEvent> poses = new ConcurrentHashMap<>();
        final List<AttentionStateChange> states = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Long> alertArrivals = new ConcurrentHashMap<>();

        static String key(long track, long t) {
            return track + "@" + t;
        }

        static long cropKey(long track, long t) {
            return t * 1000 + track;
        }
    }

    @Test
    void aPersonSeesBoxesIdsStatesAndAlertsAndCanPauseAndStepBackThroughTheLastMinute(@TempDir Path tmp) throws Exception {
        installBrowserDriver();
        Path stderrLog = tmp.resolve("demo.err");
        Process demo = startDemo(tmp, stderrLog);
        Records records = new Records();
        CompletableFuture<Void> consuming = null;
        KafkaConsumer<String, byte[]> consumer = null;
        Struct result;
        try {
            String[] urlAndBroker = awaitStartLines(demo, stderrLog);
            consumer = consumer(KafkaSettings.of(urlAndBroker[1]));
            KafkaConsumer<String, byte[]> c = consumer;
            consuming = CompletableFuture.runAsync(() -> consume(c, records));

            Path out = tmp.resolve("view-check");
            Process check = new ProcessBuilder("node", BROWSER.resolve("check-view.mjs").toString(), urlAndBroker[0], out.toString())
                    .directory(BROWSER.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("check.log").toFile()).start();
            if (!check.waitFor(5, TimeUnit.MINUTES)) {
                check.destroyForcibly();
                throw new AssertionError("the browser check did not finish in 5 minutes: " + Files.readString(tmp.resolve("check.log")));
            }
            result = json(Files.readString(out.resolve("result.json")));
            assertTrue(result.getFieldsOrThrow("ok").getBoolValue(), "browser check: " + Files.readString(tmp.resolve("check.log"))
                    + "\ndemo log tail: " + tail(stderrLog));
            Thread.sleep(1000); // records of the last moments
        } finally {
            if (consumer != null) {
                consumer.wakeup();
                consuming.exceptionally(e -> null).get(10, TimeUnit.SECONDS);
                consumer.close(Duration.ofSeconds(2));
            }
            demo.destroy();
            if (!demo.waitFor(30, TimeUnit.SECONDS)) {
                demo.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }

        checkLiveAndPause(result);
        checkStepsThroughTheMinute(result, records);
        checkOverlayPixels(result);
        checkAlertsShownInTime(result, records);
    }

    private static void checkLiveAndPause(Struct result) {
        Struct live = struct(result, "live");
        assertEquals("live", live.getFieldsOrThrow("mode").getStringValue());
        assertTrue(number(live, "framesReceived") >= 200, "a minute of frames at 5 a second arrived: " + live);
        Struct pause = struct(result, "pause");
        assertEquals("paused", pause.getFieldsOrThrow("mode").getStringValue());
        assertEquals(number(pause, "shownBefore"), number(pause, "shownAfter"), "paused: the same frame stays on screen");
        assertTrue(number(pause, "receivedAfter") >= number(pause, "receivedBefore") + 3, "while frames kept arriving: " + pause);
        List<Value> back = result.getFieldsOrThrow("stepBack").getListValue().getValuesList();
        assertEquals(6, back.size());
        for (int i = 1; i < back.size(); i++) {
            double step = back.get(i - 1).getNumberValue() - back.get(i).getNumberValue();
            assertTrue(step >= 100 && step <= 1000, "each step back is one earlier sample (200 ms at 5 fps): " + back);
        }
        assertEquals("live", struct(result, "backLive").getFieldsOrThrow("mode").getStringValue());
    }

    private static void checkStepsThroughTheMinute(Struct result, Records records) {
        Struct minute = struct(result, "minute");
        double span = number(minute, "newest") - number(minute, "oldest");
        assertTrue(span >= 55_000 && span <= 61_000, "the slider reaches about a minute back: " + span + " ms");
        List<Value> steps = minute.getFieldsOrThrow("steps").getListValue().getValuesList();
        Struct oldest = steps.get(0).getStructValue();
        assertFalse(oldest.containsFields("left"), "the oldest frame of the minute could be stepped to");
        assertFalse(oldest.getFieldsOrThrow("missing").getBoolValue(), "and its picture was still kept");
        Set<String> statesSeen = new TreeSet<>();
        int people = 0;
        for (Value v : steps) {
            Struct step = v.getStructValue();
            if (step.containsFields("left")) {
                continue;
            }
            long t = (long) number(step, "t");
            assertFalse(step.getFieldsOrThrow("missing").getBoolValue(), "frame " + t + " of the last minute is kept");
            for (Value pv : step.getFieldsOrThrow("people").getListValue().getValuesList()) {
                Struct p = pv.getStructValue();
                long track = (long) number(p, "track");
                people++;
                // The box where ingest found the face, under the id it gave.
                FaceCrop crop = records.cropsByTimeAndTrack.get(Records.cropKey(track, t));
                assertNotNull(crop, "a face crop of track " + track + " at " + t);
                List<Value> box = p.getFieldsOrThrow("box").getListValue().getValuesList();
                assertEquals(crop.getFaceBox().getX(), box.get(0).getNumberValue(), 0.051);
                assertEquals(crop.getFaceBox().getY(), box.get(1).getNumberValue(), 0.051);
                assertEquals(crop.getFaceBox().getWidth(), box.get(2).getNumberValue(), 0.051);
                assertEquals(crop.getFaceBox().getHeight(), box.get(3).getNumberValue(), 0.051);
                // The state the pose events (or, once it publishes them, the aggregator's states) say.
                String shown = p.getFieldsOrThrow("state").getStringValue();
                String source = p.getFieldsOrThrow("source").getStringValue();
                if (source.equals("aggregator")) {
                    assertEquals(aggregatorState(records, track, t), shown, "track " + track + " at " + t);
                } else {
                    assertEquals("pose", source);
                    long poseT = (long) number(p, "poseT");
                    if (t <= number(minute, "newest") - 3000) {
                        assertEquals(t, poseT, "a frame seconds old is shown with its own pose");
                    }
                    PoseEvent pose = records.poses.get(Records.key(track, poseT));
                    assertNotNull(pose, "the pose event the page used: track " + track + " at " + poseT);
                    assertEquals(coneState(pose), shown, "track " + track + " at " + t + ": " + pose);
                }
                statesSeen.add(shown);
            }
        }
        assertTrue(people >= 40, "people checked over the minute: " + people);
        assertTrue(statesSeen.containsAll(List.of("ATTENDING", "AWAY")), "the clip has the person look at the camera and away: " + statesSeen);
    }

    /** What the default policy (the demo has no other) says of the pose alone. */
    private static String coneState(PoseEvent e) {
        if (e.getVisibility() == Visibility.VISIBILITY_FACE_HIDDEN) {
            return "FACE_HIDDEN";
        }
        if (e.getVisibility() == Visibility.VISIBILITY_GONE) {
            return "ABSENT";
        }
        return AggregatorConfig.DEFAULT_SETTINGS.inCone(e.getYawDeg(), e.getPitchDeg()) ? "ATTENDING" : "AWAY";
    }

    private static String aggregatorState(Records records, long track, long t) {
        AttentionStateChange latest = null;
        synchronized (records.states) {
            for (AttentionStateChange s : records.states) {
                if (s.getTrackId() == track && s.getSinceMs() <= t && (latest == null || s.getSinceMs() >= latest.getSinceMs())) {
                    latest = s;
                }
            }
        }
        assertNotNull(latest, "an attention state of track " + track + " before " + t);
        return latest.getState().name().replace("PERSON_ATTENTION_", "");
    }

    /** The screenshots with and without the overlay differ on each box's edge, in the state's colour, and nowhere near the bottom. */
    private static void checkOverlayPixels(Struct result) throws IOException {
        List<Value> shots = result.getFieldsOrThrow("overlay").getListValue().getValuesList();
        Map<String, int[]> colours = Map.of("ATTENDING", new int[] {0x2e, 0xcc, 0x71}, "AWAY", new int[] {0xff, 0x9f, 0x1a});
        Set<String> checked = new TreeSet<>();
        for (Value v : shots) {
            Struct shot = v.getStructValue();
            String state = shot.getFieldsOrThrow("state").getStringValue();
            BufferedImage on = ImageIO.read(Path.of(shot.getFieldsOrThrow("on").getStringValue()).toFile());
            BufferedImage off = ImageIO.read(Path.of(shot.getFieldsOrThrow("off").getStringValue()).toFile());
            assertEquals(on.getWidth(), off.getWidth());
            double scale = on.getWidth() / number(shot, "frameWidth");
            for (Value pv : shot.getFieldsOrThrow("people").getListValue().getValuesList()) {
                List<Value> box = pv.getStructValue().getFieldsOrThrow("box").getListValue().getValuesList();
                double x = box.get(0).getNumberValue() * scale, y = box.get(1).getNumberValue() * scale;
                double w = box.get(2).getNumberValue() * scale, h = box.get(3).getNumberValue() * scale;
                int edge = 0, differs = 0, coloured = 0;
                for (int i = 0; i < 40; i++) {
                    double f = (i + 0.5) / 40;
                    // The left, right and bottom edges (the label covers the top one).
                    for (double[] pt : new double[][] {{x, y + f * h}, {x + w, y + f * h}, {x + f * w, y + h}}) {
                        int px = (int) Math.round(pt[0]), py = (int) Math.round(pt[1]);
                        edge++;
                        if (distance(on.getRGB(px, py), off.getRGB(px, py)) > 60) {
                            differs++;
                        }
                        if (distance(on.getRGB(px, py), colours.get(state)) < 90) {
                            coloured++;
                        }
                    }
                }
                assertTrue(differs >= 0.9 * edge, state + ": the overlay draws the box where the face is: " + differs + " of " + edge);
                assertTrue(coloured >= 0.6 * edge, state + ": in the state's colour: " + coloured + " of " + edge);
            }
            int same = 0, total = 0;
            for (int py = (int) (on.getHeight() * 0.95); py < on.getHeight(); py += 2) {
                for (int px = 0; px < on.getWidth(); px += 4) {
                    total++;
                    if (distance(on.getRGB(px, py), off.getRGB(px, py)) <= 6) {
                        same++;
                    }
                }
            }
            assertTrue(same >= 0.99 * total, "away from the faces the picture is untouched: " + same + " of " + total);
            checked.add(state);
        }
        assertEquals(Set.of("ATTENDING", "AWAY"), checked, "an attending and an away frame were compared");
    }

    private static void checkAlertsShownInTime(Struct result, Records records) {
        double opened = number(result, "openedAtMs");
        double closed = number(result, "closedAtMs");
        Map<String, Double> shown = new HashMap<>();
        for (Value v : result.getFieldsOrThrow("alerts").getListValue().getValuesList()) {
            Struct a = v.getStructValue();
            shown.put(a.getFieldsOrThrow("id").getStringValue() + " " + a.getFieldsOrThrow("state").getStringValue(), number(a, "shownAtMs"));
        }
        int checked = 0;
        List<String> report = new ArrayList<>();
        for (Map.Entry<String, Long> e : records.alertArrivals.entrySet()) {
            long arrived = e.getValue();
            if (arrived < opened || arrived > closed - 1000) {
                continue; // before the page was open, or too close to its end to tell
            }
            Double at = shown.get(e.getKey());
            assertNotNull(at, "alert " + e.getKey() + " (on Kafka at " + arrived + ") is listed by the page: " + shown.keySet());
            report.add(String.format("%s shown %+d ms after its record", e.getKey(), Math.round(at - arrived)));
            assertTrue(at - arrived <= 1000, "alert " + e.getKey() + " shown " + (at - arrived) + " ms after its record arrived");
            checked++;
        }
        System.out.println("live view alerts: " + report);
        assertTrue(checked >= 1, "alerts raised or cleared while the page was open: " + records.alertArrivals);
    }

    // --- Running the demo, the browser check and a consumer ----------------------------------------------------------

    /** playwright-core (pinned in cli/browser/package-lock.json) into the git-ignored node_modules, once. */
    private static synchronized void installBrowserDriver() throws Exception {
        require("node", "apt-get install nodejs npm (.ci/run does)");
        require("chromium", "apt-get install chromium (.ci/run does)");
        Path marker = BROWSER.resolve("node_modules/.package-lock.json");
        if (Files.exists(marker) && Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(BROWSER.resolve("package-lock.json"))) >= 0) {
            return;
        }
        Process npm = new ProcessBuilder(require("npm", "apt-get install npm"), "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(BROWSER.toFile()).redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0, "npm ci in " + BROWSER + " failed: " + output);
    }

    private static String require(String tool, String hint) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return tool;
            }
        }
        throw new AssertionError(tool + " is not installed: " + hint);
    }

    /** heed demo --view in its own JVM, as a person starts it; stdout (the --json lines) to a file, stderr read by the test. */
    private static Process startDemo(Path tmp, Path stderrLog) throws IOException {
        Path args = tmp.resolve("demo.args");
        // The class path in an argument file: ONNX Runtime crashes on command lines over 4 KB (ingest/README.md).
        Files.write(args, List.of("-cp", "\"" + System.getProperty("java.class.path") + "\""), StandardCharsets.UTF_8);
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-XX:ErrorFile=" + tmp.resolve("hs_err_%p.log"), "@" + args,
                Heed.class.getName(), "demo", "--view", "--loop", "--json", "--source", CLIP.toAbsolutePath().toString(),
                "--camera-id", "view-test")
                .redirectOutput(tmp.resolve("demo.out").toFile()).redirectError(stderrLog.toFile()).start();
    }

    /** The view's address and the broker's, from the demo's stderr. */
    private static String[] awaitStartLines(Process demo, Path stderrLog) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(demo.isAlive(), "the demo exited: " + tail(stderrLog));
            String url = null;
            String broker = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(stderrLog), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    Matcher v = VIEW.matcher(line);
                    Matcher b = BROKER.matcher(line);
                    if (v.find()) {
                        url = v.group(1);
                    }
                    if (b.find()) {
                        broker = b.group(1);
                    }
                }
            }
            if (url != null && broker != null) {
                return new String[] {url, broker};
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no 'view: http://127.0.0.1:PORT/' line within 120 s: " + tail(stderrLog));
    }

    private static KafkaConsumer<String, byte[]> consumer(KafkaSettings kafka) {
        Map<String, Object> props = kafka.consumer("live-view-test", "live-view-test");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.FACE_CROPS.name(), Topics.POSE_EVENTS.name(), Topics.ATTENTION_STATES.name(),
                Topics.ATTENTION_ALERTS.name())) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static void consume(KafkaConsumer<String, byte[]> consumer, Records records) {
        try {
            while (true) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    record(r, records);
                }
            }
        } catch (WakeupException done) {
            // The test has what it needs.
        }
    }

    private static void record(ConsumerRecord<String, byte[]> r, Records records) {
        long now = System.currentTimeMillis();
        try {
            if (r.topic().equals(Topics.FACE_CROPS.name())) {
                FaceCrop c = Topics.FACE_CROPS.value().parse(r.value());
                records.cropsByTimeAndTrack.put(Records.cropKey(c.getTrackId(), c.getCaptureTimeMs()), c);
            } else if (r.topic().equals(Topics.POSE_EVENTS.name())) {
                PoseEvent p = Topics.POSE_EVENTS.value().parse(r.value());
                records.poses.put(Records.key(p.getTrackId(), p.getCaptureTimeMs()), p);
            } else if (r.topic().equals(Topics.ATTENTION_STATES.name())) {
                records.states.add(Topics.ATTENTION_STATES.value().parse(r.value()));
            } else {
                AttentionAlert a = Topics.ATTENTION_ALERTS.value().parse(r.value());
                records.alertArrivals.putIfAbsent(a.getAlertId() + " " + a.getState().name(), now);
            }
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("the pipeline wrote an unreadable record on " + r.topic(), e);
        }
    }

    private static Struct json(String text) throws IOException {
        Struct.Builder b = Struct.newBuilder();
        JsonFormat.parser().merge(text, b);
        return b.build();
    }

    private static Struct struct(Struct s, String key) {
        return s.getFieldsOrThrow(key).getStructValue();
    }

    private static double number(Struct s, String key) {
        return s.getFieldsOrThrow(key).getNumberValue();
    }

    private static int distance(int rgb, int other) {
        return distance(rgb, new int[] {other >> 16 & 0xff, other >> 8 & 0xff, other & 0xff});
    }

    private static int distance(int rgb, int[] c) {
        return Math.abs((rgb >> 16 & 0xff) - c[0]) + Math.abs((rgb >> 8 & 0xff) - c[1]) + Math.abs((rgb & 0xff) - c[2]);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
