package dev.heed.evaluation.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.evaluation.scenario.SceneTruth.AwayKind;
import dev.heed.evaluation.scenario.SceneTruth.Person;
import dev.heed.evaluation.scenario.SceneTruth.Seat;
import dev.heed.evaluation.scenario.SceneTruth.Span;
import dev.heed.evaluation.scenario.SceneTruth.State;
import dev.heed.proto.v1.AttentionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SceneFileTest {
    @TempDir
    Path dir;

    /** A valid scene: two people in a 640x480, 10 s clip; tests break one thing at a time. */
    private static final String VALID = """
            {
              "format": "heed-scene",
              "version": 1,
              "name": "room-1",
              "clip": {"file": "clip.mp4", "fps": 25, "width": 640, "height": 480, "duration_s": 10},
              "policy": {"absent_alerts": true, "long_distraction_ms": 4000, "yaw_tolerance_deg": 35.5},
              "people": [
                {"id": "ann", "seat": {"x": 0, "y": 0, "width": 320, "height": 480},
                 "timeline": [{"state": "attending", "from_s": 0, "to_s": 2.5},
                              {"state": "away", "kind": "turned", "from_s": 2.5, "to_s": 7},
                              {"state": "attending", "from_s": 7, "to_s": 10}]},
                {"id": "bob", "seat": {"x": 320, "y": 0, "width": 320, "height": 480},
                 "timeline": [{"state": "attending", "from_s": 0, "to_s": 4},
                              {"state": "absent", "from_s": 4, "to_s": 10}]}
              ]
            }
            """;

    private SceneTruth read(String json) throws Exception {
        Path f = dir.resolve("scene.json");
        Files.writeString(f, json);
        return SceneFile.read(f);
    }

    private String error(String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(json));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("scene.json").toString() + ": "), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsEveryFieldIntoMilliseconds() throws Exception {
        SceneTruth t = read(VALID);
        assertEquals("room-1", t.name());
        assertEquals(dir.resolve("clip.mp4"), t.clip().file());
        assertEquals(10_000, t.clip().durationMs());
        assertEquals(List.of(new Span(State.ATTENDING, null, 0, 2500), new Span(State.AWAY, AwayKind.TURNED, 2500, 7000),
                new Span(State.ATTENDING, null, 7000, 10_000)), t.people().get(0).timeline());
        assertEquals(new Seat(320, 0, 320, 480), t.people().get(1).seat());
        assertTrue(t.settings().absentAlerts());
        assertEquals(4000, t.settings().longDistractionMs());
        assertEquals(35.5, t.settings().yawToleranceDeg(), 1e-6);
        assertEquals(25, t.settings().pitchToleranceDeg(), 1e-6, "unset fields keep the aggregator's defaults");
        assertEquals(State.AWAY, t.people().get(0).stateAt(2500));
        assertEquals(State.ATTENDING, t.people().get(0).stateAt(2499));
    }

    @Test
    void writesWhatItReads() throws Exception {
        SceneTruth.Clip clip = new SceneTruth.Clip(dir.resolve("c.mp4"), "c.mp4", 12.5, 1280, 720, 8_500);
        SceneTruth written = new SceneTruth("cam.2", "two people", clip,
                AttentionPolicy.newBuilder().setAbsentAlerts(true).setMinConfidence(0.6f).build(),
                List.of(new Person("p1", new Seat(10, 20.5, 100, 200),
                                List.of(new Span(State.AWAY, AwayKind.GLANCE, 0, 1_250), new Span(State.ATTENDING, null, 1_250, 8_500))),
                        new Person("p2", new Seat(600, 20, 100, 200), List.of(new Span(State.ABSENT, null, 0, 8_500)))));
        Path f = dir.resolve("out.json");
        SceneFile.write(written, f);
        SceneTruth back = SceneFile.read(f);
        assertEquals(written, back);
        assertTrue(Files.readString(f).contains("\n    {\n      \"id\": \"p1\","), "indented for people to read:\n" + Files.readString(f));
    }

    @Test
    void aFileThatIsNotJsonIsOneLineWithWhere() {
        String m = error("{\"format\": \"heed-scene\", \"version\": 1,\n  \"name\": ");
        assertTrue(m.contains("not a valid JSON document at line 2"), m);
    }

    @Test
    void duplicateKeysAreErrors() {
        String m = error(VALID.replace("\"version\": 1,", "\"version\": 1, \"version\": 1,"));
        assertTrue(m.contains("Duplicate field 'version'"), m);
    }

    @Test
    void unknownKeysAreErrorsNotDefaults() {
        assertTrue(error(VALID.replace("\"version\": 1,", "\"version\": 1, \"colour\": 1,")).contains(": colour: unknown key"));
        String m = error(VALID.replace("\"kind\": \"turned\"", "\"knd\": \"turned\""));
        assertTrue(m.contains("people[0] (ann).timeline[1].knd: unknown key; expected state, kind, from_s, to_s"), m);
        m = error(VALID.replace("\"long_distraction_ms\": 4000", "\"long_distraction\": 4000"));
        assertTrue(m.contains("policy.long_distraction: unknown policy field; known: yaw0_deg"), m);
        assertTrue(error(VALID.replace("\"absent_alerts\": true", "\"policy_id\": \"x\"")).contains("policy.policy_id: unknown policy field"));
    }

    @Test
    void missingAndMistypedFieldsAreNamed() {
        assertTrue(error(VALID.replace("\"name\": \"room-1\",", "")).contains(": name: missing"));
        assertTrue(error(VALID.replace("\"fps\": 25", "\"fps\": \"25\"")).contains(": clip.fps: must be a number, got \"25\""));
        assertTrue(error(VALID.replace("\"width\": 640", "\"width\": 640.5")).contains("clip.width: must be a whole number"));
        assertTrue(error(VALID.replace("\"format\": \"heed-scene\"", "\"format\": \"other\"")).contains("format: expected \"heed-scene\""));
        assertTrue(error(VALID.replace("\"version\": 1", "\"version\": 2")).contains("version: this heed reads version 1, got 2"));
        assertTrue(error(VALID.replace("\"name\": \"room-1\"", "\"name\": \"room 1\"")).contains("name: must be letters, digits"));
        assertTrue(error(VALID.replace("\"absent_alerts\": true", "\"absent_alerts\": 1")).contains("policy.absent_alerts: must be true or false"));
    }

    @Test
    void peopleErrorsNameThePerson() {
        String m = error(VALID.replace("\"id\": \"bob\", \"seat\": {\"x\": 320", "\"id\": \"bob\", \"seat\": {\"x\": 330"));
        assertTrue(m.contains("people[1] (bob).seat: (330, 0, 320x480) is not inside the 640x480 frame"), m);
        m = error(VALID.replace("\"from_s\": 7, \"to_s\": 10", "\"from_s\": 7.5, \"to_s\": 10"));
        assertTrue(m.contains("people[0] (ann).timeline[2].from_s: 7.5 must equal the previous span's to_s 7 (no gaps, no overlaps)"), m);
        m = error(VALID.replace("{\"state\": \"absent\", \"from_s\": 4, \"to_s\": 10}", "{\"state\": \"absent\", \"from_s\": 4, \"to_s\": 9}"));
        assertTrue(m.contains("people[1] (bob).timeline[1].to_s: 9 must equal clip.duration_s 10"), m);
        m = error(VALID.replace("\"state\": \"away\"", "\"state\": \"distracted\""));
        assertTrue(m.contains("people[0] (ann).timeline[1].state: must be one of attending, away, absent, got \"distracted\""), m);
        m = error(VALID.replace("{\"state\": \"absent\", \"from_s\": 4", "{\"state\": \"absent\", \"kind\": \"down\", \"from_s\": 4"));
        assertTrue(m.contains("people[1] (bob).timeline[1].kind: only an away span has a kind"), m);
        assertTrue(error(VALID.replace("\"id\": \"bob\"", "\"id\": \"ann\"")).contains("people[1] (ann): the id is used by another person too"));
        m = error(VALID.replace("\"from_s\": 2.5, \"to_s\": 7", "\"from_s\": 2.5, \"to_s\": 2.5"));
        assertTrue(m.contains("people[0] (ann).timeline[1].to_s: 2.5 is not after from_s 2.5"), m);
    }

    @Test
    void anAwaySpanWithoutKindIsOther() throws Exception {
        SceneTruth t = read(VALID.replace("\"kind\": \"turned\", ", ""));
        assertEquals(AwayKind.OTHER, t.people().get(0).timeline().get(1).kind());
    }

    @Test
    void aPolicyValueOutOfRangeIsNamedAsTheAggregatorNamesIt() {
        String m = error(VALID.replace("\"long_distraction_ms\": 4000", "\"long_distraction_ms\": -5"));
        assertTrue(m.contains(": policy: ") && m.contains("(policy field long_distraction_ms) must be between 1 and 86400000 ms, got -5"), m);
        m = error(VALID.replace("\"long_distraction_ms\": 4000", "\"long_distraction_ms\": 4000.5"));
        assertTrue(m.contains("policy.long_distraction_ms: must be a whole number of milliseconds"), m);
    }

    @Test
    void aMissingFileSaysWhatItShouldBe() {
        Exception e = assertThrows(IllegalArgumentException.class, () -> SceneFile.read(dir.resolve("nope.json")));
        assertTrue(e.getMessage().endsWith("nope.json: no such scene file (the format: evaluation/README.md, \"Labelled scenes\")"), e.getMessage());
    }
}
