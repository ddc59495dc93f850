package dev.heed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.cli.CommandRunner;
import dev.heed.ingest.rtsp.FaceClips;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Exit statuses scripts can trust: every command documents 0, 1 and 2 in its --help, and a bad option or an unreadable
 * input gives status 2 with one line on stderr naming it, before anything starts (no broker, no model loaded, no Kafka
 * contacted: nothing else is printed at all).
 */
class ExitStatusTest {
    private static final Path SHARED = Path.of(System.getProperty("heed.shared", "../shared")).toAbsolutePath().normalize();
    private static final String NOT_A_VIDEO = SHARED.resolve("data/faces/manifest.csv").toString();
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void everyCommandsHelpListsItsExitStatuses() {
        List<List<String>> commands = new ArrayList<>();
        collect(new CommandLine(new Heed()), new ArrayList<>(), commands);
        assertTrue(commands.size() >= 12, "the whole tree: " + commands);
        for (List<String> path : commands) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Captured help = Captured.run(args.toArray(String[]::new));
            assertEquals(0, help.exit(), path + ": " + help.err());
            String text = help.out();
            int at = text.indexOf("Exit status:");
            assertTrue(at >= 0, path + " --help has no exit statuses:\n" + text);
            String statuses = text.substring(at);
            for (String code : List.of(" 0 ", " 1 ", " 2 ")) {
                assertTrue(statuses.contains(code), path + " --help does not explain status" + code + ":\n" + statuses);
            }
            assertTrue(statuses.contains("before anything started"), path + ": " + statuses);
        }
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        cl.getSubcommands().forEach((name, sub) -> {
            List<String> next = new ArrayList<>(path);
            next.add(name);
            collect(sub, next, into);
        });
    }

    @Test
    void theDemoRefusesWhatItCannotUseBeforeTheBrokerStarts() throws Exception {
        assertRefused(List.of("demo", "--source", NOT_A_VIDEO), "--source: not a video Heed can read: ");
        assertRefused(List.of("demo", "--source", "/etc/passwd"), "--source: not a video Heed can read: ");
        assertRefused(List.of("demo", "--source", dir.resolve("missing.mp4").toString()), "--source: file not found: ");
        assertRefused(List.of("demo", "--source", "rtsp://user:s3cret@/stream"), "--source: malformed rtsp:// URL");
        assertRefused(List.of("demo", "--detector", "haar"), "--detector must be yunet or scrfd, got 'haar'");
        assertRefused(List.of("demo", "--detector-input-size", "300"), "--detector-input-size must be auto or a multiple of 32");
        assertRefused(List.of("demo", "--score-threshold", "0"), "--score-threshold must be > 0 and <= 1");
        assertRefused(List.of("demo", "--sample-fps", "0"), "--sample-fps: must be > 0");
        assertRefused(List.of("demo", "--estimator", "bogus"), "--estimator: unknown estimator 'bogus'");
        assertRefused(List.of("demo", "--model", dir.resolve("missing.onnx").toString()), "--model: no readable model file at ");
        assertRefused(List.of("demo", "--for", "0"), "--for must be a positive number of seconds");
    }

    @Test
    void ingestRefusesAFileThatIsNotAVideoWithoutContactingKafka() throws Exception {
        // Port 1: were Kafka contacted, the command would wait for it instead of returning.
        assertRefused(List.of("ingest", "--bootstrap-servers", "127.0.0.1:1", "--http-port", "-1", "--camera-id", "lobby", "--source",
                NOT_A_VIDEO), "--source: not a video Heed can read: ");
        Path cameras = Files.writeString(dir.resolve("cameras.properties"), "camera.lobby.url=" + NOT_A_VIDEO + "\n");
        assertRefused(List.of("ingest", "--bootstrap-servers", "127.0.0.1:1", "--http-port", "-1", "--cameras", cameras.toString()),
                "--cameras " + cameras + ": camera.lobby.url: not a video Heed can read: ");
        assertRefused(List.of("ingest", "--bootstrap-servers", "127.0.0.1:1", "--camera-id", "lobby", "--source", NOT_A_VIDEO,
                "--report-interval-s", "0"), "--report-interval-s must be 1-86400 seconds");
    }

    @Test
    void theToolsRefuseBadInputsBeforeLoadingModelsOrStartingABroker() throws Exception {
        Path clip = FaceClips.still(dev.heed.common.image.BgrImage.read(SHARED.resolve("data/faces/images/fairface_0007.jpg")), 1, 5,
                dir.resolve("one.mp4"));
        assertRefused(List.of("eval", SHARED.resolve("data/aflw2000-dev").toString(), "--detector", "haar", "--limit", "1"),
                "--detector must be yunet or scrfd, got 'haar'");
        assertRefused(List.of("eval", dir.resolve("nowhere").toString()), "FOLDER " + dir.resolve("nowhere") + " is not a folder");
        assertRefused(List.of("bench", "ingest", "--clip", NOT_A_VIDEO), "--clip " + NOT_A_VIDEO + ": not a video Heed can read: ");
        assertRefused(List.of("bench", "ingest", "--clip", clip.toString(), "--models-dir", dir.toString()),
                "--models-dir " + dir + ": no yunet-s-dynamic.onnx");
        assertRefused(List.of("bench", "inference", "--model", dir.resolve("missing.onnx").toString()), "--model: no readable model file at ");
    }

    @Test
    void aBadKafkaLogLevelIsRefusedByEveryCommand() throws Exception {
        try (HeedProcess p = HeedProcess.start(dir, Map.of("HEED_KAFKA_LOG_LEVEL", "loud"), "models")) {
            assertEquals(2, p.awaitExit(LIMIT));
            assertEquals(List.of("heed: HEED_KAFKA_LOG_LEVEL must be one of [trace, debug, info, warn, error, off], got 'loud'"), p.stderr());
        }
    }

    /** Status 2 and one line on stderr, "heed: " and the expected start: nothing else ran, so nothing else was printed. */
    private void assertRefused(List<String> args, String expectedStart) throws Exception {
        try (HeedProcess p = HeedProcess.start(dir, Map.of(), args.toArray(String[]::new))) {
            int exit = p.awaitExit(LIMIT);
            List<String> err = p.stderr();
            assertEquals(2, exit, args + ": " + p.stderrText());
            assertEquals(1, err.size(), args + ": one line, nothing else, expected:\n" + p.stderrText());
            assertTrue(err.get(0).startsWith("heed: " + expectedStart), args + ": " + err.get(0));
            assertTrue(p.stdout().isEmpty(), args + ": " + p.stdout());
            assertTrue(!err.get(0).contains("s3cret"), err.get(0));
        }
    }

    /** A command run in this JVM as the launcher runs it, with what it printed. */
    private record Captured(int exit, String out, String err) {
        static Captured run(String... args) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            try {
                int exit = CommandRunner.run(new Heed(), args);
                return new Captured(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
        }
    }
}
