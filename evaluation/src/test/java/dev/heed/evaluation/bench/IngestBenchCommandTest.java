package dev.heed.evaluation.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.heed.evaluation.CommandOutput;
import dev.heed.evaluation.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's options and output, not its speed: speed is measured by running the command, not asserted in tests. */
class IngestBenchCommandTest {
    private static final String[] STAGES = {"decode", "detect", "track", "crop+jpeg", "publish"};
    /** The one real clip in ../shared/data/clips: 25 s, 640x480, one person (data/README.md); cheap to measure. */
    private static final Path OFFICE_CLIP = SharedData.root().resolve("data/clips/office-turns.mp4");
    private static final Path YUNET = SharedData.models().resolve("yunet-2023mar.onnx");

    @Test
    void helpNamesTheOptionsAndWhatTheFiguresAreComparedWith() {
        CommandOutput run = CommandOutput.launch(new BenchCommand(), "ingest", "--help");
        assertEquals(0, run.exitCode(), run.err());
        for (String option : new String[] {"--detectors", "--detector-input-size", "--models-dir", "--clip", "--faces", "--frames",
                "--warmup-frames", "--json", "--detector-model"}) {
            assertTrue(run.out().contains(option), "help lacks " + option + ":\n" + run.out());
        }
        assertTrue(run.out().contains("Compared, in the same run: the detectors with each other"), run.out());
    }

    @Test
    void badValuesAreRejectedBeforeAnythingStarts() {
        String[][] bad = {{"--frames", "0"}, {"--warmup-frames", "-1"}, {"--detectors", "yunet,yunet"}, {"--detectors", "opencv"},
                {"--detector-input-size", "100"}, {"--clip", "no-such-clip.mp4"}, {"--detector-model", "yunet"},
                {"--detector-model", "yunet=no-such-model.onnx"}, {"--detector-model", "opencv=" + YUNET}};
        for (String[] args : bad) {
            CommandOutput run = CommandOutput.launch(new BenchCommand(), "ingest", args[0], args[1]);
            assertEquals(2, run.exitCode(), String.join(" ", args) + ": " + run.err());
        }
    }

    @Test
    void jsonOnARealClipHasTheDocumentedKeysForEveryDetector() throws Exception {
        CommandOutput run = CommandOutput.launch(new BenchCommand(), "ingest", "--json",
                "--models-dir", SharedData.models().toString(), "--clip", OFFICE_CLIP.toString(),
                "--frames", "8", "--warmup-frames", "2");
        assertEquals(0, run.exitCode(), run.err());
        Struct r = run.json();
        for (String key : new String[] {"detector", "frames_per_cpu_s", "frames_per_s", "process_frames_per_cpu_s", "clip", "width",
                "height", "frames", "faces_per_frame", "detector_input_size", "threads", "final_flush_ms", "reference", "results"}) {
            assertTrue(r.containsFields(key), "missing " + key + " in " + run.out());
        }
        assertEquals("yunet-s-dynamic", r.getFieldsOrThrow("detector").getStringValue(), "ingest's default YuNet model");
        assertEquals("auto", r.getFieldsOrThrow("detector_input_size").getStringValue(), "ingest's default: the input follows the frame");
        assertEquals("office-turns.mp4", r.getFieldsOrThrow("clip").getStringValue());
        assertEquals(640, r.getFieldsOrThrow("width").getNumberValue());
        assertEquals(480, r.getFieldsOrThrow("height").getNumberValue());
        assertEquals(8, r.getFieldsOrThrow("frames").getNumberValue());
        assertTrue(r.getFieldsOrThrow("frames_per_cpu_s").getNumberValue() > 0, run.out());
        assertTrue(r.getFieldsOrThrow("process_frames_per_cpu_s").getNumberValue() > 0, run.out());
        // The clip opens on its one person facing the camera.
        assertTrue(r.getFieldsOrThrow("faces_per_frame").getNumberValue() > 0, run.out());

        List<Value> rows = r.getFieldsOrThrow("results").getListValue().getValuesList();
        assertEquals(2, rows.size(), "the default detectors: yunet, scrfd");
        assertEquals("scrfd-500m-kps", rows.get(1).getStructValue().getFieldsOrThrow("detector").getStringValue());
        assertEquals(1.0, rows.get(0).getStructValue().getFieldsOrThrow("ratio_to_reference").getNumberValue(), 1e-9);
        for (Value v : rows) {
            Struct row = v.getStructValue();
            assertEquals(8, row.getFieldsOrThrow("frames").getNumberValue());
            assertTrue(row.getFieldsOrThrow("frames_per_cpu_s").getNumberValue() > 0, row.toString());
            assertTrue(row.getFieldsOrThrow("frames_per_s").getNumberValue() > 0, row.toString());
            Struct stages = row.getFieldsOrThrow("stages").getStructValue();
            double shares = 0;
            for (String stage : STAGES) {
                Struct s = stages.getFieldsOrThrow(stage).getStructValue();
                assertTrue(s.getFieldsOrThrow("cpu_ms_per_frame").getNumberValue() >= 0, stage + ": " + s);
                shares += s.getFieldsOrThrow("share").getNumberValue();
            }
            assertEquals(1.0, shares, 1e-6, "stage shares of " + row);
            assertTrue(stages.getFieldsOrThrow("detect").getStructValue().getFieldsOrThrow("cpu_ms_per_frame").getNumberValue() > 0);
        }
    }

    @Test
    void aDetectorModelFileIsMeasuredAsAVariantNamedAfterItsFile(@TempDir Path dir) throws Exception {
        Path copy = Files.copy(YUNET, dir.resolve("yunet-copy.onnx"));
        CommandOutput run = CommandOutput.launch(new BenchCommand(), "ingest", "--json", "--detectors", "yunet",
                "--detector-model", "yunet=" + copy, "--models-dir", SharedData.models().toString(), "--clip", OFFICE_CLIP.toString(),
                "--frames", "3", "--warmup-frames", "1");
        assertEquals(0, run.exitCode(), run.err());
        List<Value> rows = run.json().getFieldsOrThrow("results").getListValue().getValuesList();
        assertEquals(List.of("yunet-s-dynamic", "yunet-copy"), rows.stream()
                .map(v -> v.getStructValue().getFieldsOrThrow("detector").getStringValue()).toList());

        Path defaultYunet = SharedData.models().resolve("yunet-s-dynamic.onnx");
        run = CommandOutput.launch(new BenchCommand(), "ingest", "--detectors", "yunet", "--detector-model", "yunet=" + defaultYunet,
                "--models-dir", SharedData.models().toString(), "--clip", OFFICE_CLIP.toString(), "--frames", "1");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("same model name yunet-s-dynamic"), run.err());
    }
}
