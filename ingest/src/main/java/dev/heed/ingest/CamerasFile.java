package dev.heed.ingest;

import dev.heed.ingest.InvalidCameraException.Setting;
import dev.heed.topics.PersonKey;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cameras file: a Java properties file (UTF-8) with one group of keys per camera.
 *
 * <pre>
 * # camera.&lt;id&gt;.&lt;setting&gt;=value; the id is letters, digits, '.', '_', '-'
 * camera.lobby.url=rtsp://viewer:secret@10.0.0.5:554/stream1
 * camera.lobby.sample-fps=5
 * camera.lobby.attention-policy=classroom
 * camera.demo.url=videos/office.mp4
 * camera.demo.loop=true
 * </pre>
 *
 * <p>Settings: {@code url} (required: rtsp:// URL or video file; a relative file path is relative to this
 * file's folder), {@code sample-fps}, {@code realtime} and {@code loop} (true or false; default to the
 * command's {@code --sample-fps}, {@code --realtime} and {@code --loop}), {@code attention-policy} (default
 * {@code --attention-policy}, usually empty). Properties syntax applies: a backslash in a value must be
 * written twice. Every key is checked: an unknown, misspelt or repeated key is an error naming the key, as
 * is a bad value, so that a typo never silently leaves a camera on its defaults; a video file is opened and its header
 * read, so one that is not a video is refused here too ({@link CameraConfig#checkReadable()}).
 *
 * @param path     the file
 * @param defaults the values of settings a camera leaves out
 */
public record CamerasFile(Path path, Defaults defaults) {
    static final String PREFIX = "camera.";
    private static final String REALTIME = "realtime";
    private static final String LOOP = "loop";
    private static final List<String> SETTINGS = List.of(Setting.SOURCE.key(), Setting.SAMPLE_FPS.key(), REALTIME, LOOP,
            Setting.ATTENTION_POLICY.key());

    /**
     * The command-line values a camera of the file gets unless it sets its own.
     *
     * @param sampleFps         --sample-fps
     * @param realtime          --realtime
     * @param loop              --loop
     * @param attentionPolicyId --attention-policy
     */
    public record Defaults(double sampleFps, boolean realtime, boolean loop, String attentionPolicyId) {
    }

    public CamerasFile {
        if (path == null) {
            throw new IllegalArgumentException("--cameras: no file given");
        }
    }

    /**
     * Reads and checks the whole file.
     *
     * @return the cameras, ordered by id
     * @throws IllegalArgumentException naming the file and the offending key
     */
    public List<CameraConfig> read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("--cameras: cannot read " + path.toAbsolutePath() + ": " + e);
        }
        return parse(bytes);
    }

    /** Parses the file's bytes (as read by the caller, e.g. to notice changes). */
    public List<CameraConfig> parse(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw error("the file is not UTF-8 text");
        }
        Map<String, String> entries = load(text);
        // id -> setting -> value, ids in order
        Map<String, Map<String, String>> byCamera = new TreeMap<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            String key = e.getKey();
            int lastDot = key.lastIndexOf('.');
            if (!key.startsWith(PREFIX) || lastDot <= PREFIX.length()) {
                throw error(key + ": unknown key; expected camera.<id>.<setting> with setting one of " + SETTINGS);
            }
            String id = key.substring(PREFIX.length(), lastDot);
            String setting = key.substring(lastDot + 1);
            if (!SETTINGS.contains(setting)) {
                throw error(key + ": unknown setting '" + setting + "'; expected one of " + SETTINGS);
            }
            if (!PersonKey.CAMERA_ID.matcher(id).matches()) {
                throw error(key + ": camera id '" + id + "' must match " + PersonKey.CAMERA_ID.pattern());
            }
            byCamera.computeIfAbsent(id, k -> new HashMap<>()).put(setting, e.getValue().strip());
        }
        List<CameraConfig> cameras = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> camera : byCamera.entrySet()) {
            cameras.add(camera(camera.getKey(), camera.getValue()));
        }
        return List.copyOf(cameras);
    }

    private CameraConfig camera(String id, Map<String, String> s) {
        String prefix = PREFIX + id + ".";
        String url = s.get(Setting.SOURCE.key());
        if (url == null) {
            throw error(prefix + Setting.SOURCE.key() + " is missing: every camera needs an rtsp:// URL or a video file");
        }
        if (!url.contains("://") && !url.isEmpty()) {
            Path file = Path.of(url);
            Path folder = path.toAbsolutePath().getParent();
            if (!file.isAbsolute() && folder != null) {
                url = folder.resolve(file).normalize().toString();
            }
        }
        double sampleFps = defaults.sampleFps();
        if (s.containsKey(Setting.SAMPLE_FPS.key())) {
            try {
                sampleFps = Double.parseDouble(s.get(Setting.SAMPLE_FPS.key()));
            } catch (NumberFormatException e) {
                throw error(prefix + Setting.SAMPLE_FPS.key() + ": not a number: '" + s.get(Setting.SAMPLE_FPS.key()) + "'");
            }
        }
        boolean realtime = bool(prefix + REALTIME, s.get(REALTIME), defaults.realtime());
        boolean loop = bool(prefix + LOOP, s.get(LOOP), defaults.loop());
        String policy = s.getOrDefault(Setting.ATTENTION_POLICY.key(), defaults.attentionPolicyId());
        try {
            return new CameraConfig(id, url, sampleFps, realtime, loop, policy).checkReadable();
        } catch (InvalidCameraException e) {
            throw error(prefix + e.setting().key() + ": " + e.reason());
        }
    }

    private boolean bool(String key, String value, boolean fallback) {
        if (value == null) {
            return fallback;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(key + ": must be true or false, got '" + value + "'");
        };
    }

    /** The entries, refusing repeated keys (java.util.Properties would silently keep the last). */
    private Map<String, String> load(String text) {
        Set<String> repeated = new LinkedHashSet<>();
        Map<String, String> entries = new HashMap<>();
        Properties strict = new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                if (entries.put((String) key, (String) value) != null) {
                    repeated.add((String) key);
                }
                return super.put(key, value);
            }
        };
        try {
            strict.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw error("not a properties file: " + e.getMessage());
        }
        if (!repeated.isEmpty()) {
            throw error(repeated.iterator().next() + ": set more than once");
        }
        return entries;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("--cameras " + path + ": " + what);
    }
}
