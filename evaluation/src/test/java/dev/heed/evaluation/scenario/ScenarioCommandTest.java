package dev.heed.evaluation.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heed.common.image.BgrImage;
import dev.heed.evaluation.CommandOutput;
import dev.heed.evaluation.EvalCommand;
import dev.heed.evaluation.SharedData;
import dev.heed.evaluation.scenes.ScenesCommand;
import dev.heed.ingest.source.H264ClipWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * heed eval --scenario on the project's generated scenes, through the real broker path (an embedded KRaft broker, ingest
 * on the H.264 clip, inference with Hopenet, the aggregator's Kafka Streams topology), run once for the class with
 * --fast --json; and the errors a user gets, before any broker starts, for scene files that are broken or do not
 * match their clips.
 */
class ScenarioCommandTest {
    private static final Path DIR = Path.of("target/scenario-scenes");
    private static Path classroom;
    private static Path cabin;
    private static CommandOutput run;
    private static JsonNode json;

    /** A strict reader: duplicate keys and anything after the one document are errors. */
    static JsonNode strictJson(String text) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return mapper.readTree(text);
    }

    @BeforeAll
    static void writeTheScenesAndRunThemOnce() throws Exception {
        dev.heed.common.files.FileTrees.delete(DIR);
        long started = System.nanoTime();
        CommandOutput scenes = CommandOutput.launch(new ScenesCommand(), "--out", DIR.toString(), "--aflw", SharedData.aflw().toString(),
                "--faces", SharedData.faces().toString());
        assertEquals(0, scenes.exitCode(), scenes.err());
        assertEquals(List.of(DIR.resolve("classroom.json").toString(), DIR.resolve("cabin.json").toString()), scenes.out().lines().toList());
        classroom = DIR.resolve("classroom.json");
        cabin = DIR.resolve("cabin.json");
        long written = System.nanoTime();
        run = CommandOutput.launch(new EvalCommand(), "--scenario", classroom.toString(), cabin.toString(), "--fast", "--json");
        long evaluated = System.nanoTime();
        System.out.printf("heed scenes: %.0f s; heed eval --scenario classroom cabin --fast: %.0f s%n", (written - started) / 1e9,
                (evaluated - written) / 1e9);
        run.err().lines().filter(l -> l.contains(": scored (")).forEach(System.out::println);
        System.out.println("heed eval --scenario --fast --json: " + run.out().strip());
        assertEquals(0, run.exitCode(), run.err());
        json = strictJson(run.out());
    }

    private static JsonNode scene(String name) {
        for (JsonNode s : json.get("scenes")) {
            if (s.get("scene").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no scene " + name + " in " + json);
    }

    @Test
    void oneStrictJsonDocumentPerScenesAndTotalsThatAddUp() {
        assertEquals(2, json.get("scenes").size());
        assertEquals("fast", json.get("config").get("mode").asText());
        assertTrue(run.err().contains("heed eval: classroom: starting a Kafka broker"), "progress on stderr");
        assertTrue(run.out().strip().lines().count() == 1, "one line on stdout");
        for (String type : List.of("long_distraction", "visual_time_sharing", "absent")) {
            int due = 0;
            int raised = 0;
            int matched = 0;
            for (JsonNode s : json.get("scenes")) {
                JsonNode a = s.get("alerts").get(type);
                due += a.get("due").asInt();
                raised += a.get("raised").asInt();
                matched += a.get("matched").asInt();
                assertTrue(a.get("matched").asInt() <= Math.min(a.get("due").asInt(), a.get("raised").asInt()), type);
            }
            JsonNode total = json.get("total").get("alerts").get(type);
            assertEquals(due, total.get("due").asInt(), type);
            assertEquals(raised, total.get("raised").asInt(), type);
            assertEquals(matched, total.get("matched").asInt(), type);
        }
        JsonNode c = scene("classroom");
        assertEquals(32, c.get("people").asInt());
        assertEquals(70, c.get("frames").asInt(), "14 s sampled at 5 frames/s");
        assertEquals(c.get("faces").asLong(), c.get("pose_events").asLong(), "a pose event for every face: nothing lost with --fast");
        c.get("losses").properties().forEach(e -> assertEquals(0, e.getValue().asLong(), e.getKey()));
        assertEquals(8, c.get("alerts").get("long_distraction").get("due").asInt(), "6 turned + 2 looking down, each longer than 3 s");
        assertEquals(1, c.get("alerts").get("absent").get("due").asInt(), "the leaver");
        assertEquals(32, c.get("found_in_first_second").get("present").asInt());
        assertEquals(32, c.get("people_detail").size());
        assertEquals(json.get("total").get("track_ids").get("switches").asInt(),
                c.get("track_ids").get("switches").asInt() + scene("cabin").get("track_ids").get("switches").asInt());
    }

    /** Euro NCAP's cases on the cabin: one long distraction for the 4 s glance, visual time-sharing for the five short ones. */
    @Test
    void theCabinGetsExactlyTheEuroNcapAlerts() {
        JsonNode a = scene("cabin").get("alerts");
        for (String type : List.of("long_distraction", "visual_time_sharing")) {
            assertEquals(1, a.get(type).get("due").asInt(), type);
            assertEquals(1, a.get(type).get("raised").asInt(), type + ": exactly one, no alert for a short glance");
            assertEquals(1.0, a.get(type).get("recall").asDouble(), type);
            assertEquals(1.0, a.get(type).get("precision").asDouble(), type);
        }
        assertFalse(a.get("absent").get("enabled").asBoolean(), "the defaults raise no ABSENT alerts");
        assertEquals(0, scene("cabin").get("track_ids").get("switches").asInt());
    }

    private static CommandOutput evalWithScene(String sceneJson, String name) throws Exception {
        Path f = DIR.resolve(name);
        Files.writeString(f, sceneJson);
        return CommandOutput.launch(new EvalCommand(), "--scenario", f.toString(), "--fast");
    }

    /** Exit 2, one line naming the problem, and no broker started. */
    private static String configError(CommandOutput out) {
        assertEquals(2, out.exitCode(), out.err());
        assertTrue(out.out().isEmpty(), out.out());
        List<String> lines = out.err().lines().filter(l -> l.startsWith("heed: ")).toList();
        assertEquals(1, lines.size(), out.err());
        assertFalse(out.err().contains("starting a Kafka broker"), "checked before anything starts: " + out.err());
        return lines.get(0);
    }

    @Test
    void aCorruptSceneFileIsOneLineBeforeAnythingStarts() throws Exception {
        String text = Files.readString(cabin);
        String line = configError(evalWithScene(text.substring(0, text.length() / 2), "corrupt.json"));
        assertTrue(line.contains("corrupt.json: not a valid JSON document at line"), line);
        line = configError(CommandOutput.launch(new EvalCommand(), "--scenario", DIR.resolve("missing.json").toString()));
        assertTrue(line.contains("missing.json: no such scene file"), line);
    }

    @Test
    void labelsThatDoNotMatchTheClipAreOneLineBeforeAnythingStarts() throws Exception {
        String text = Files.readString(cabin);
        String line = configError(evalWithScene(text.replace("\"width\": 1280, \"height\": 720", "\"width\": 1920, \"height\": 1080"), "size.json"));
        assertTrue(line.endsWith("size.json: clip.file cabin.mp4 is 1280x720, the scene says 1920x1080"), line);
        line = configError(evalWithScene(text.replace("\"duration_s\": 30", "\"duration_s\": 32").replace("\"to_s\": 30}", "\"to_s\": 32}"),
                "duration.json"));
        assertTrue(line.endsWith("duration.json: clip.file cabin.mp4 lasts 30.00 s (750 frames at 25.0/s), the scene says clip.duration_s 32.00"),
                line);
        line = configError(evalWithScene(text.replace("\"fps\": 25", "\"fps\": 30"), "fps.json"));
        assertTrue(line.endsWith("fps.json: clip.file cabin.mp4 runs at 25.00 frames/s, the scene says clip.fps 30.0"), line);
        line = configError(evalWithScene(text.replace("\"seat\": {\"x\": 315", "\"seat\": {\"x\": 1000"), "seat.json"));
        assertTrue(line.endsWith("seat.json: people[0] (driver).seat: (1000, 53, 570x475) is not inside the 1280x720 frame"), line);
    }

    @Test
    void aClipWithNoFacesIsOneLineBeforeAnythingStarts() throws Exception {
        BgrImage wall = new BgrImage(320, 240, new byte[320 * 240 * 3]);
        java.util.Arrays.fill(wall.bgr(), (byte) 120);
        H264ClipWriter.write(i -> wall, 20, 10, 10, 500_000, DIR.resolve("wall.mp4"));
        String scene = """
                {"format": "heed-scene", "version": 1, "name": "wall",
                 "clip": {"file": "wall.mp4", "fps": 10, "width": 320, "height": 240, "duration_s": 2},
                 "people": [{"id": "nobody", "seat": {"x": 0, "y": 0, "width": 320, "height": 240},
                             "timeline": [{"state": "attending", "from_s": 0, "to_s": 2}]}]}
                """;
        String line = configError(evalWithScene(scene, "wall.json"));
        assertTrue(line.endsWith("wall.json: clip.file wall.mp4: no face found on its first 2 frames where the scene has somebody present "
                + "(one per second, ingest's detector): nothing to evaluate"), line);
    }

    @Test
    void optionsThatDoNotApplyToScenesAreErrorsNotIgnored() throws Exception {
        String line = configError(CommandOutput.launch(new EvalCommand(), "--scenario", cabin.toString(), "--detector", "scrfd"));
        assertTrue(line.startsWith("heed: --detector does not apply to --scenario"), line);
        line = configError(CommandOutput.launch(new EvalCommand()));
        assertTrue(line.contains("give a FOLDER of labelled images, or --scenario FILE.json"), line);
        line = configError(CommandOutput.launch(new EvalCommand(), "--scenario", cabin.toString(), "--estimator", "all"));
        assertTrue(line.contains("--scenario runs one estimator"), line);
        line = configError(CommandOutput.launch(new EvalCommand(), SharedData.aflw().toString(), "--fast"));
        assertTrue(line.contains("--fast applies to --scenario only"), line);
    }

    // ---- Issue 11's done criteria on the classroom (the cabin's are above). Today's pipeline does not meet them all:
    // evaluation/README.md, "Labelled scenes", has the figures.

    private static JsonNode person(String id) {
        for (JsonNode p : scene("classroom").get("people_detail")) {
            if (p.get("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no person " + id);
    }

    private static List<String> raised(String id, String type) {
        List<String> times = new java.util.ArrayList<>();
        person(id).get("raised").forEach(r -> {
            if (r.get("type").asText().equals(type)) {
                times.add(r.get("raised_s").asText() + " s (matched " + r.get("matched").asBoolean() + ")");
            }
        });
        return times;
    }

    private static List<SceneTruth.Person> classroomPeople(java.util.function.Predicate<SceneTruth.Person> which) throws Exception {
        return SceneFile.read(classroom).people().stream().filter(which).toList();
    }

    private static boolean awayLongerThan(SceneTruth.Person p, long ms) {
        return DueAlerts.runs(p, SceneTruth.State.AWAY).stream().anyMatch(r -> r[1] - r[0] >= ms);
    }

    @Test
    void classroomEveryFaceIsFoundWithinTheFirstSecond() {
        JsonNode first = scene("classroom").get("found_in_first_second");
        assertEquals(first.get("present").asInt(), first.get("found").asInt(), "not found in the first second: " + first.get("missing"));
    }

    @Test
    void classroomEveryStudentAwayLongerThanTheThresholdGetsExactlyOneLongDistraction() throws Exception {
        List<String> wrong = new java.util.ArrayList<>();
        for (SceneTruth.Person p : classroomPeople(p -> awayLongerThan(p, 3_000))) {
            List<String> alerts = raised(p.id(), "long_distraction");
            if (alerts.size() != 1 || !alerts.get(0).endsWith("(matched true)")) {
                wrong.add(p.id() + ": " + alerts);
            }
        }
        assertTrue(wrong.isEmpty(), "students away for more than 3 s without exactly one matched long distraction: " + wrong);
        assertEquals(1.0, scene("classroom").get("alerts").get("long_distraction").get("recall").asDouble());
    }

    @Test
    void classroomNoAlertForGlances() throws Exception {
        List<SceneTruth.Person> glancers = classroomPeople(p -> p.timeline().stream().anyMatch(s -> s.kind() == SceneTruth.AwayKind.GLANCE)
                && !awayLongerThan(p, 3_000));
        assertEquals(3, glancers.size());
        for (SceneTruth.Person p : glancers) {
            assertEquals(List.of(), raised(p.id(), "long_distraction"), p.id() + " only glanced");
            assertEquals(List.of(), raised(p.id(), "visual_time_sharing"), p.id() + " only glanced");
        }
    }

    @Test
    void classroomTheLeaverGetsAbsentAndNoDistraction() throws Exception {
        List<SceneTruth.Person> leavers = classroomPeople(p -> p.stateAt(p.timeline().get(p.timeline().size() - 1).fromMs()) == SceneTruth.State.ABSENT);
        assertEquals(1, leavers.size());
        String id = leavers.get(0).id();
        assertTrue(person(id).get("due").get(0).get("matched").asBoolean(), id + " left: an ABSENT alert is due: " + person(id));
        assertEquals(List.of(), raised(id, "long_distraction"), id + " left, was not distracted");
        assertEquals(List.of(), raised(id, "visual_time_sharing"), id + " left, was not distracted");
    }

    @Test
    void classroomAtMostOneIdPerStudent() {
        List<String> switched = new java.util.ArrayList<>();
        scene("classroom").get("people_detail").forEach(p -> {
            if (p.get("track_ids").size() > 1) {
                switched.add(p.get("id").asText() + " " + p.get("track_ids"));
            }
        });
        assertTrue(switched.isEmpty(), "students with more than one track id: " + switched);
    }
}
