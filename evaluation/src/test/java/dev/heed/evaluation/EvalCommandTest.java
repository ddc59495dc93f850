package dev.heed.evaluation;

import static dev.heed.evaluation.CommandOutput.number;
import static dev.heed.evaluation.CommandOutput.withModels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Struct;
import dev.heed.common.cli.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

class EvalCommandTest {
    /**
     * The target on the whole of aflw2000-dev, whole pipeline, with the recommended configuration
     * (see evaluation/README.md for the measured table): mean MAE <= 5.0 degrees.
     */
    @Test
    void wholeAflw2000DevMeetsTheTargetWithTheRecommendedConfiguration() throws Exception {
        CommandOutput run = CommandOutput.run(new EvalCommand(), withModels(SharedData.aflw().toString(), "--json",
                "--crop-margin", Recommended.CROP_MARGIN, "--mirror=" + Recommended.MIRROR));
        assertEquals(0, run.exitCode(), run.err());
        Struct r = run.json();
        System.out.println("heed eval aflw2000-dev (recommended): " + run.out().strip());
        assertEquals(552, number(r, "images"), "all images with labels in [-99, 99]");
        assertEquals(9, number(r, "excluded"));
        assertTrue(number(r, "no_face") <= 3, "YuNet at 0.5 misses 1-2 of 552: " + number(r, "no_face"));
        assertTrue(number(r, "mae") <= 5.0, "mean MAE " + number(r, "mae"));
    }

    /**
     * The target for the best configuration, on the whole of aflw2000-dev, whole pipeline from the raw image,
     * ingest's default crop: mean MAE <= 3.7 degrees (measured 3.45 for the recommended CPU configuration 3ddfa+fsanet:weighted, 3.57 for 3ddfa alone).
     */
    @Test
    void wholeAflw2000DevMeetsTheBestConfigurationTarget() throws Exception {
        CommandOutput run = CommandOutput.run(new EvalCommand(), withModels(SharedData.aflw().toString(), "--json",
                "--estimator", "3ddfa+fsanet:weighted,3ddfa", "--robustness-limit", "0"));
        assertEquals(0, run.exitCode(), run.err());
        System.out.println("heed eval aflw2000-dev (best): " + run.out().strip());
        Struct estimators = run.json().getFieldsOrThrow("estimators").getStructValue();
        for (String name : List.of("3ddfa+fsanet:weighted", "3ddfa")) {
            Struct r = estimators.getFieldsOrThrow(name).getStructValue();
            assertEquals(552, number(r, "images"));
            assertTrue(number(r, "mae") <= 3.7, name + " mean MAE " + number(r, "mae"));
        }
    }

    /**
     * --estimator all: one row per listed estimator with its speed and the robustness columns; the landmarks baseline
     * has its angles the labels' way round (the opposite signs give a mean MAE near 27) and loses to direct estimation.
     */
    @Test
    void allEstimatorsSideBySideIncludingTheLandmarkBaseline() throws Exception {
        CommandOutput run = CommandOutput.run(new EvalCommand(), withModels(SharedData.aflw().toString(), "--json",
                "--estimator", "all", "--limit", "60", "--robustness-limit", "4"));
        assertEquals(0, run.exitCode(), run.err());
        Struct estimators = run.json().getFieldsOrThrow("estimators").getStructValue();
        assertEquals(dev.heed.inference.model.PoseEstimators.names(), List.copyOf(estimators.getFieldsMap().keySet()));
        for (String name : estimators.getFieldsMap().keySet()) {
            Struct r = estimators.getFieldsOrThrow(name).getStructValue();
            assertTrue(number(r, "ms_per_face") > 0, name);
            Struct robustness = r.getFieldsOrThrow("robustness_mae").getStructValue();
            assertEquals(4, number(robustness, "faces"), name);
            for (String column : List.of("clean", "x1/2", "x1/4", "x1/8", "blur", "bright+40", "bright-40")) {
                assertTrue(Double.isFinite(number(robustness, column)), name + " " + column);
            }
        }
        double landmarks = number(estimators.getFieldsOrThrow("landmarks").getStructValue(), "mae");
        assertTrue(landmarks < 12, "landmarks baseline mean MAE " + landmarks);
        assertTrue(number(estimators.getFieldsOrThrow("3ddfa").getStructValue(), "mae") < landmarks);
        assertTrue(number(estimators.getFieldsOrThrow("hopenet-mirror").getStructValue(), "mae") < landmarks);
    }

    /**
     * --face-sizes on the first 40 images, faces of 40 px in a 1080p frame: with the detector's input following the frame
     * (the default) nearly every face is found; shrunk into a 640 square (the old default, 13 px faces for the detector)
     * most are not. Bands add up to the whole.
     */
    @Test
    void faceSizesFindSmallFacesInA1080pFrameWithTheInputFollowingTheFrame() throws Exception {
        String[] common = {"--models-dir", SharedData.models().toString(), "--detector-model",
                SharedData.models().resolve("yunet-s-dynamic.onnx").toString(), SharedData.aflw().toString(), "--json",
                "--face-sizes", "40,120", "--limit", "40"};
        CommandOutput auto = CommandOutput.run(new EvalCommand(), common);
        assertEquals(0, auto.exitCode(), auto.err());
        List<String> square = new java.util.ArrayList<>(List.of(common));
        square.addAll(List.of("--detector-input-size", "640"));
        CommandOutput old = CommandOutput.run(new EvalCommand(), square.toArray(String[]::new));
        assertEquals(0, old.exitCode(), old.err());
        System.out.println("heed eval --face-sizes 40,120 --limit 40: auto " + auto.out().strip() + "\n640: " + old.out().strip());

        Struct sizes = auto.json().getFieldsOrThrow("face_sizes").getStructValue();
        Struct at40 = sizes.getFieldsOrThrow("40").getStructValue();
        Struct all = at40.getFieldsOrThrow("all").getStructValue();
        assertEquals(40, number(all, "images"));
        double bands = 0;
        for (String band : List.of("0-30", "30-60", "60-99")) {
            bands += number(at40.getFieldsOrThrow(band).getStructValue(), "images");
        }
        assertEquals(40, bands, "the bands add up to all images");
        assertTrue(number(all, "no_face") <= 4, "auto input: 40 px faces not found " + number(all, "no_face"));
        assertTrue(number(all, "yaw_mae") < 8, "yaw MAE at 40 px " + number(all, "yaw_mae"));
        assertEquals("auto", auto.json().getFieldsOrThrow("config").getStructValue().getFieldsOrThrow("detector_input_size").getStringValue());
        double oldNoFace = number(old.json().getFieldsOrThrow("face_sizes").getStructValue().getFieldsOrThrow("40").getStructValue()
                .getFieldsOrThrow("all").getStructValue(), "no_face");
        assertTrue(oldNoFace >= 20, "a 640 square loses most 40 px faces of a 1080p frame: " + oldNoFace);
    }

    @Test
    void jsonHasTheDocumentedShapeAndRangesAddUpToTheTotals() throws Exception {
        CommandOutput run = CommandOutput.run(new EvalCommand(), withModels(SharedData.aflw().toString(), "--json", "--limit", "30"));
        assertEquals(0, run.exitCode(), run.err());
        Struct r = run.json();
        for (String key : new String[] {"images", "no_face", "yaw", "pitch", "roll", "mae", "ranges"}) {
            assertTrue(r.containsFields(key), "missing " + key + " in " + run.out());
        }
        assertEquals(30, number(r, "images"));
        double faces = number(r, "images") - number(r, "no_face");
        assertEquals((number(r, "yaw") + number(r, "pitch") + number(r, "roll")) / 3, number(r, "mae"), 1e-9);
        Struct ranges = r.getFieldsOrThrow("ranges").getStructValue();
        assertEquals(List.of("0-30", "30-60", "60-99"), List.copyOf(ranges.getFieldsMap().keySet()));
        for (String angle : new String[] {"yaw", "pitch", "roll"}) {
            double weighted = 0;
            double images = 0;
            for (String range : ranges.getFieldsMap().keySet()) {
                Struct cell = ranges.getFieldsOrThrow(range).getStructValue().getFieldsOrThrow(angle).getStructValue();
                double n = number(cell, "images");
                if (n > 0) {
                    weighted += number(cell, "mae") * n;
                }
                images += n;
            }
            assertEquals(faces, images, angle + ": every face falls in exactly one range");
            assertEquals(number(r, angle), weighted / images, 1e-9, angle + ": ranges average to the total");
        }
        Struct config = r.getFieldsOrThrow("config").getStructValue();
        assertEquals("square-margin-0.00", config.getFieldsOrThrow("crop_policy").getStringValue(), "ingest's default crop");
        assertEquals("hopenet-lite-shufflenetv2", config.getFieldsOrThrow("model").getStringValue());
    }

    @Test
    void textOutputNamesTheSetupAndTheFigures() {
        CommandOutput run = CommandOutput.run(new EvalCommand(), withModels(SharedData.aflw().toString(), "--limit", "5",
                "--crop-margin", "0.1", "--mirror", "--face", "score"));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("square-margin-0.10") && run.out().contains("mirror on") && run.out().contains("highest-scoring"), run.out());
        assertTrue(run.out().contains("MAE (degrees) over") && run.out().contains("60-99"), run.out());
    }

    /** eval crops with ingest's other detector too, as a camera configured with --detector scrfd would. */
    @Test
    void scrfdAsTheDetector() throws Exception {
        CommandOutput run = CommandOutput.run(new EvalCommand(), SharedData.aflw().toString(), "--json", "--limit", "40",
                "--models-dir", SharedData.models().toString(), "--detector", "scrfd",
                "--detector-model", SharedData.models().resolve("scrfd-500m-kps.onnx").toString());
        assertEquals(0, run.exitCode(), run.err());
        Struct r = run.json();
        assertEquals("scrfd", r.getFieldsOrThrow("config").getStructValue().getFieldsOrThrow("detector").getStringValue());
        assertEquals(40, number(r, "images"));
        assertTrue(number(r, "faces") >= 36, "SCRFD finds most faces: " + number(r, "faces"));
        assertTrue(number(r, "mae") < 7, "mean MAE " + number(r, "mae"));

        CommandOutput bad = CommandOutput.launch(new EvalCommand(), withModels(SharedData.aflw().toString(), "--detector", "haar"));
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("--detector must be yunet or scrfd"), bad.err());
    }

    @Test
    void aFolderWithoutLabelsIsAConfigurationErrorNamingIt() {
        StringBuilder err = new StringBuilder();
        int exit = captureErr(err, () -> CommandRunner.run(new EvalCommand(), withModels(SharedData.faces().toString())));
        assertEquals(2, exit, err.toString());
        assertTrue(err.toString().contains("labels.csv"), err.toString());
    }

    private static int captureErr(StringBuilder into, IntSupplier body) {
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            return body.getAsInt();
        } finally {
            System.setErr(original);
            into.append(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
