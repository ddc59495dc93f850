package dev.heed.evaluation.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.heed.evaluation.JsonText;
import dev.heed.evaluation.scenario.SceneTruth.AwayKind;
import dev.heed.evaluation.scenario.SceneTruth.Person;
import dev.heed.evaluation.scenario.SceneTruth.Seat;
import dev.heed.evaluation.scenario.SceneTruth.Span;
import dev.heed.evaluation.scenario.SceneTruth.State;
import dev.heed.proto.v1.AttentionPolicy;
import dev.heed.topics.PersonKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The scene file format (version 1; evaluation/README.md documents it for users): reads a file into a validated
 * {@link SceneTruth}, writes one back. Every problem is an IllegalArgumentException whose one-line message names the
 * file, the field (and the person), e.g. {@code classroom.json: people[3] (r4s2): timeline[1].to_s: 4.0 is not after
 * from_s 5.0}. Unknown keys are errors too, so a misspelt key never silently means a default.
 */
public final class SceneFile {
    public static final String FORMAT = "heed-scene";
    public static final int VERSION = 1;
    /** Policy fields a scene may not set: the run publishes the policy under the scene's camera id itself. */
    private static final Set<String> POLICY_FIELDS_NOT_SETTABLE = Set.of("schema_version", "policy_id");

    private final String file;

    private SceneFile(String file) {
        this.file = file;
    }

    /**
     * @throws IllegalArgumentException naming the file and field for anything that is not a valid scene (not JSON, a
     *                                  duplicate key, a missing or unknown field, a value out of range, a timeline
     *                                  that does not cover the clip, a seat outside the frame)
     * @throws IOException              if the file cannot be read
     */
    public static SceneTruth read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(path + ": no such scene file (the format: evaluation/README.md, \"Labelled scenes\")");
        }
        SceneFile reader = new SceneFile(path.toString());
        JsonNode root;
        try {
            ObjectMapper mapper = new ObjectMapper();
            mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            root = mapper.readTree(Files.readString(path, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new IllegalArgumentException(path + ": not a valid JSON document" + where + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException(path + ": not a text file in UTF-8 (a scene file is JSON)");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(path + ": not a scene: expected a JSON object with \"format\": \"" + FORMAT + "\"");
        }
        return reader.scene((ObjectNode) root, path.toAbsolutePath().getParent());
    }

    private SceneTruth scene(ObjectNode root, Path folder) {
        allowOnly(root, "", "format", "version", "name", "description", "clip", "policy", "people");
        String format = text(root, "", "format");
        if (!format.equals(FORMAT)) {
            throw error("format", "expected \"" + FORMAT + "\", got \"" + format + "\"");
        }
        long version = integer(root, "", "version");
        if (version != VERSION) {
            throw error("version", "this heed reads version " + VERSION + ", got " + version);
        }
        String name = text(root, "", "name");
        if (!PersonKey.CAMERA_ID.matcher(name).matches()) {
            throw error("name", "must be letters, digits, '.', '_', '-' (up to 64, starting with a letter or digit): it is the camera id; got \"" + name + "\"");
        }
        String description = root.has("description") ? text(root, "", "description") : "";
        SceneTruth.Clip clip = clip(object(root, "", "clip"), folder);
        AttentionPolicy policy = root.has("policy") ? policy(object(root, "", "policy")) : AttentionPolicy.getDefaultInstance();
        JsonNode people = root.get("people");
        if (people == null || !people.isArray() || people.isEmpty()) {
            throw error("people", "must be a non-empty list of people");
        }
        List<Person> persons = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < people.size(); i++) {
            String at = "people[" + i + "]";
            if (!people.get(i).isObject()) {
                throw error(at, "must be an object with id, seat and timeline");
            }
            ObjectNode p = (ObjectNode) people.get(i);
            String id = text(p, at, "id");
            if (!PersonKey.CAMERA_ID.matcher(id).matches()) {
                throw error(at + ".id", "must be letters, digits, '.', '_', '-' (up to 64, starting with a letter or digit), got \"" + id + "\"");
            }
            at = at + " (" + id + ")";
            if (!ids.add(id)) {
                throw error(at, "the id is used by another person too");
            }
            allowOnly(p, at, "id", "seat", "timeline");
            persons.add(new Person(id, seat(object(p, at, "seat"), at + ".seat", clip), timeline(p, at, clip)));
        }
        SceneTruth truth = new SceneTruth(name, description, clip, policy, persons);
        try {
            truth.settings();
        } catch (IllegalArgumentException e) {
            throw error("policy", e.getMessage());
        }
        return truth;
    }

    private SceneTruth.Clip clip(ObjectNode c, Path folder) {
        allowOnly(c, "clip", "file", "fps", "width", "height", "duration_s");
        String written = text(c, "clip", "file");
        Path resolved = folder.resolve(written).normalize();
        double fps = number(c, "clip", "fps");
        if (!(fps > 0 && fps <= 240)) {
            throw error("clip.fps", "must be in (0, 240] frames per second, got " + fps);
        }
        long width = integer(c, "clip", "width");
        long height = integer(c, "clip", "height");
        if (width < 16 || width > 16384 || height < 16 || height > 16384) {
            throw error("clip.width/height", "must be 16-16384 pixels, got " + width + "x" + height);
        }
        long duration = millis(c, "clip", "duration_s");
        if (duration <= 0) {
            throw error("clip.duration_s", "must be positive, got " + duration / 1000.0);
        }
        return new SceneTruth.Clip(resolved, written, fps, (int) width, (int) height, duration);
    }

    private AttentionPolicy policy(ObjectNode p) {
        AttentionPolicy.Builder b = AttentionPolicy.newBuilder();
        for (Map.Entry<String, JsonNode> e : p.properties()) {
            String key = e.getKey();
            FieldDescriptor field = AttentionPolicy.getDescriptor().findFieldByName(key);
            if (field == null || POLICY_FIELDS_NOT_SETTABLE.contains(key)) {
                throw error("policy." + key, "unknown policy field; known: " + policyFieldNames());
            }
            JsonNode v = e.getValue();
            switch (field.getJavaType()) {
                case FLOAT -> {
                    if (!v.isNumber()) {
                        throw error("policy." + key, "must be a number (degrees or a fraction), got " + v);
                    }
                    b.setField(field, (float) v.asDouble());
                }
                case LONG -> {
                    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
                        throw error("policy." + key, "must be a whole number of milliseconds, got " + v);
                    }
                    b.setField(field, v.asLong());
                }
                case BOOLEAN -> {
                    if (!v.isBoolean()) {
                        throw error("policy." + key, "must be true or false, got " + v);
                    }
                    b.setField(field, v.asBoolean());
                }
                default -> throw error("policy." + key, "cannot be set in a scene file");
            }
        }
        return b.build();
    }

    private static String policyFieldNames() {
        return String.join(", ", AttentionPolicy.getDescriptor().getFields().stream().map(FieldDescriptor::getName)
                .filter(n -> !POLICY_FIELDS_NOT_SETTABLE.contains(n)).toList());
    }

    private Seat seat(ObjectNode s, String at, SceneTruth.Clip clip) {
        allowOnly(s, at, "x", "y", "width", "height");
        double x = number(s, at, "x");
        double y = number(s, at, "y");
        double w = number(s, at, "width");
        double h = number(s, at, "height");
        if (!(w > 0 && h > 0)) {
            throw error(at, "width and height must be positive, got " + w + "x" + h);
        }
        if (x < 0 || y < 0 || x + w > clip.width() || y + h > clip.height()) {
            throw error(at, "(" + fmt(x) + ", " + fmt(y) + ", " + fmt(w) + "x" + fmt(h) + ") is not inside the " + clip.width() + "x"
                    + clip.height() + " frame");
        }
        return new Seat(x, y, w, h);
    }

    private List<Span> timeline(ObjectNode p, String at, SceneTruth.Clip clip) {
        JsonNode t = p.get("timeline");
        if (t == null || !t.isArray() || t.isEmpty()) {
            throw error(at + ".timeline", "must be a non-empty list of {state, from_s, to_s}");
        }
        List<Span> spans = new ArrayList<>();
        long expectedFrom = 0;
        for (int i = 0; i < t.size(); i++) {
            String here = at + ".timeline[" + i + "]";
            if (!t.get(i).isObject()) {
                throw error(here, "must be an object {state, from_s, to_s}");
            }
            ObjectNode s = (ObjectNode) t.get(i);
            allowOnly(s, here, "state", "kind", "from_s", "to_s");
            State state = choice(State.class, s, here, "state");
            AwayKind kind = null;
            if (s.has("kind")) {
                if (state != State.AWAY) {
                    throw error(here + ".kind", "only an away span has a kind");
                }
                kind = choice(AwayKind.class, s, here, "kind");
            } else if (state == State.AWAY) {
                kind = AwayKind.OTHER;
            }
            long from = millis(s, here, "from_s");
            long to = millis(s, here, "to_s");
            if (from != expectedFrom) {
                throw error(here + ".from_s", fmt(from / 1000.0) + (i == 0 ? " must be 0: the timeline starts with the clip"
                        : " must equal the previous span's to_s " + fmt(expectedFrom / 1000.0) + " (no gaps, no overlaps)"));
            }
            if (to <= from) {
                throw error(here + ".to_s", fmt(to / 1000.0) + " is not after from_s " + fmt(from / 1000.0));
            }
            spans.add(new Span(state, kind, from, to));
            expectedFrom = to;
        }
        if (expectedFrom != clip.durationMs()) {
            throw error(at + ".timeline[" + (t.size() - 1) + "].to_s", fmt(expectedFrom / 1000.0)
                    + " must equal clip.duration_s " + fmt(clip.durationMs() / 1000.0) + ": the timeline covers the whole clip");
        }
        return spans;
    }

    private <E extends Enum<E>> E choice(Class<E> type, ObjectNode o, String at, String key) {
        String v = text(o, at, key);
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(v)) {
                return e;
            }
        }
        List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        throw error(at + "." + key, "must be one of " + String.join(", ", names) + ", got \"" + v + "\"");
    }

    private void allowOnly(ObjectNode o, String at, String... keys) {
        Set<String> allowed = Set.of(keys);
        for (Map.Entry<String, JsonNode> property : o.properties()) {
            String n = property.getKey();
            if (!allowed.contains(n)) {
                throw error(join(at, n), "unknown key; expected " + String.join(", ", keys));
            }
        }
    }

    private ObjectNode object(ObjectNode o, String at, String key) {
        JsonNode v = o.get(key);
        if (v == null) {
            throw error(join(at, key), "missing");
        }
        if (!v.isObject()) {
            throw error(join(at, key), "must be an object, got " + v.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return (ObjectNode) v;
    }

    private String text(ObjectNode o, String at, String key) {
        JsonNode v = o.get(key);
        if (v == null) {
            throw error(join(at, key), "missing");
        }
        if (!v.isTextual()) {
            throw error(join(at, key), "must be a string, got " + v);
        }
        return v.asText();
    }

    private double number(ObjectNode o, String at, String key) {
        JsonNode v = o.get(key);
        if (v == null) {
            throw error(join(at, key), "missing");
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw error(join(at, key), "must be a number, got " + v);
        }
        return v.asDouble();
    }

    private long integer(ObjectNode o, String at, String key) {
        JsonNode v = o.get(key);
        if (v == null) {
            throw error(join(at, key), "missing");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw error(join(at, key), "must be a whole number, got " + v);
        }
        return v.asLong();
    }

    /** Seconds in the file, whole milliseconds in the truth. */
    private long millis(ObjectNode o, String at, String key) {
        double seconds = number(o, at, key);
        if (seconds < 0 || seconds > 86_400) {
            throw error(join(at, key), "must be 0-86400 seconds, got " + seconds);
        }
        return Math.round(seconds * 1000);
    }

    private IllegalArgumentException error(String field, String problem) {
        return new IllegalArgumentException(file + ": " + field + ": " + problem);
    }

    private static String join(String at, String key) {
        return at.isEmpty() ? key : at + "." + key;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** Writes the scene as an indented scene file (the clip's path as written in the truth). */
    public static void write(SceneTruth truth, Path path) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("name", truth.name());
        if (!truth.description().isEmpty()) {
            root.put("description", truth.description());
        }
        SceneTruth.Clip c = truth.clip();
        Map<String, Object> clip = new LinkedHashMap<>();
        clip.put("file", c.fileAsWritten());
        clip.put("fps", number(c.fps()));
        clip.put("width", c.width());
        clip.put("height", c.height());
        clip.put("duration_s", seconds(c.durationMs()));
        root.put("clip", clip);
        if (truth.hasPolicy()) {
            Map<String, Object> policy = new LinkedHashMap<>();
            truth.policy().getAllFields().forEach((f, v) -> policy.put(f.getName(),
                    v instanceof Float fl ? number(Double.parseDouble(Float.toString(fl))) : v));
            root.put("policy", policy);
        }
        List<Object> people = new ArrayList<>();
        for (Person p : truth.people()) {
            Map<String, Object> person = new LinkedHashMap<>();
            person.put("id", p.id());
            Seat s = p.seat();
            Map<String, Object> seat = new LinkedHashMap<>();
            seat.put("x", number(s.x()));
            seat.put("y", number(s.y()));
            seat.put("width", number(s.width()));
            seat.put("height", number(s.height()));
            person.put("seat", seat);
            List<Object> timeline = new ArrayList<>();
            for (Span span : p.timeline()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("state", span.state().label());
                if (span.kind() != null) {
                    m.put("kind", span.kind().label());
                }
                m.put("from_s", seconds(span.fromMs()));
                m.put("to_s", seconds(span.toMs()));
                timeline.add(m);
            }
            person.put("timeline", timeline);
            people.add(person);
        }
        root.put("people", people);
        Files.writeString(path, JsonText.indented(root), StandardCharsets.UTF_8);
    }

    private static Object seconds(long ms) {
        return ms % 1000 == 0 ? (Object) (ms / 1000) : (Object) (ms / 1000.0);
    }

    private static Object number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
    }
}
