package dev.heed.evaluation;

import dev.heed.common.cli.CommandRunner;
import dev.heed.evaluation.scenario.ScenarioEvaluation;
import dev.heed.evaluation.scenario.ScenarioReport;
import dev.heed.evaluation.scenario.ScenarioRun;
import dev.heed.inference.ModelOptions;
import dev.heed.inference.model.PoseEstimator;
import dev.heed.inference.model.PoseEstimators;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code heed eval FOLDER}: accuracy of the whole pipeline on labelled images, or label-free consistency checks;
 * {@code heed eval --scenario FILE.json...}: alerts, track ids and attention states on labelled scenes.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Runs the whole pipeline (ingest's detector, YuNet unless --detector says scrfd, and crop policy, then the pose estimator) on the raw "
                + "images of FOLDER and prints the MAE of yaw, pitch, roll and their mean over the images whose labels all lie "
                + "in [-99, 99], the MAE by |angle| range (0-30, 30-60, 60-99), and how many images had no face detected.",
                "FOLDER holds images/ and labels.csv (file,yaw,pitch,roll,... as ../shared/data/aflw2000-dev).",
                "With --consistency, FOLDER is any folder of face images (or one with images/): the mirror and in-plane "
                        + "rotation checks, no labels needed.",
                "With --scenario FILE.json..., no FOLDER: each labelled scene (a clip and its ground truth, format in "
                        + "evaluation/README.md) runs through ingest, inference and aggregator on a Kafka broker in this process, "
                        + "as heed demo does, in real time unless --fast; then alert recall and precision per alert type, delays, "
                        + "track-id switches, faces found in the first second and state agreement, per scene and in total. "
                        + "heed scenes writes the project's own scenes (a classroom and a car cabin)."})
public final class EvalCommand implements Callable<Integer> {
    /** The options that mean something with --scenario; any other one given explicitly is an error rather than ignored. */
    private static final Set<String> SCENARIO_OPTIONS = Set.of("--scenario", "--fast", "--json", "--estimator", "--model");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FOLDER",
            description = "Folder with images/ and labels.csv (or any images with --consistency); not with --scenario.")
    Path folder;

    @Option(names = "--scenario", arity = "1..*", paramLabel = "FILE.json",
            description = "Evaluate labelled scenes instead of images: one or more scene files (a clip, its people's seats and "
                    + "what they did when; evaluation/README.md). Checked against their clips before anything starts.")
    List<Path> scenarios;

    @Option(names = "--fast", description = "With --scenario: read the clips as fast as the pipeline goes instead of at their own "
            + "frame rate (no frame is dropped; no wall-clock delays are reported).")
    boolean fast;

    @Mixin
    ModelOptions model;

    @Mixin
    PipelineOptions pipelineOptions;

    @Option(names = "--estimator", paramLabel = "NAME", defaultValue = PoseEstimators.DEFAULT,
            description = "Pose estimator to evaluate, as listed by heed models: ${COMPLETION-CANDIDATES}, any single one "
                    + "followed by '-mirror' (mirror averaged), or any estimators joined by '+' (an equal-weight ensemble). 'all', or several names separated by commas, evaluates each in "
                    + "one pass over the images and prints one table (accuracy, ms per face, robustness). Default: ${DEFAULT-VALUE}.",
            completionCandidates = EstimatorNames.class)
    String estimator;

    @Option(names = "--robustness-limit", paramLabel = "N", defaultValue = "100",
            description = "With several estimators: the robustness columns (face downscaled to 1/2, 1/4, 1/8 and back, blurred, "
                    + "brightness +/-40) on the first N faces; 0 for none. Each costs 6 more runs of every estimator per face. "
                    + "Default: ${DEFAULT-VALUE}.")
    int robustnessLimit;

    @Option(names = "--consistency", description = "Label-free checks instead of accuracy: mirrored images must give "
            + "(-yaw, pitch, -roll), images rotated clockwise by t degrees about the face must give roll + t.")
    boolean consistency;

    @Option(names = "--rotations", paramLabel = "DEG,...", split = ",", defaultValue = "-30,-15,15,30",
            description = "In-plane rotations for --consistency, degrees clockwise. Default: ${DEFAULT-VALUE}.")
    double[] rotations;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Only the first N images (in the protocol); 0 for all. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--face-sizes", paramLabel = "PX,...", split = ",",
            description = "Pose error by face size instead of the plain accuracy: each image scaled so that its labelled face box's "
                    + "longer side is each of these sizes (pixels) and placed at the centre of a 1920x1080 frame, as a classroom "
                    + "camera shows faces; the detector runs on the whole frame. Prints, per size and per band of |yaw| (0-30, "
                    + "30-60, 60-99), the faces not detected, the yaw and mean MAE and how much |yaw| is under-read. "
                    + "Needs x,y,w,h in labels.csv. Example: 40,55,80,120.")
    int[] faceSizes;

    @Option(names = "--json", description = "Print one JSON object (keys images, no_face, yaw, pitch, roll, mae, ranges, ...; "
            + "with --scenario: scenes, total, config) instead of text.")
    boolean json;

    /** The estimator names, for the help text. */
    static final class EstimatorNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return PoseEstimators.names().iterator();
        }
    }

    public static void main(String[] args) {
        System.exit(CommandRunner.run(new EvalCommand(), args));
    }

    @Override
    public Integer call() throws Exception {
        if (scenarios != null) {
            return scenarios();
        }
        if (folder == null) {
            throw new IllegalArgumentException("give a FOLDER of labelled images, or --scenario FILE.json (see heed eval --help)");
        }
        if (fast) {
            throw new IllegalArgumentException("--fast applies to --scenario only");
        }
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("FOLDER " + folder + " is not a folder");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be >= 0, got " + limit);
        }
        if (robustnessLimit < 0) {
            throw new IllegalArgumentException("--robustness-limit must be >= 0, got " + robustnessLimit);
        }
        pipelineOptions.check();
        List<String> names = estimatorNames();
        if (names.size() > 1 || estimator.strip().equalsIgnoreCase(PoseEstimators.ALL)) {
            if (consistency || faceSizes != null) {
                throw new IllegalArgumentException((consistency ? "--consistency" : "--face-sizes") + " takes one estimator, not " + estimator);
            }
            return compare(names);
        }
        PoseEstimator poseEstimator = PoseEstimators.open(estimator, model.toSetup());
        try (PosePipeline pipeline = pipelineOptions.pipeline(poseEstimator)) {
            Map<String, Object> setup = setup(pipeline);
            PrintWriter out = spec.commandLine().getOut();
            if (consistency) {
                ConsistencyChecks.Report report = ConsistencyChecks.run(pipeline, ConsistencyChecks.imageFiles(folder), rotations, limit,
                        n -> ProgressBar.onTerminal("eval", n));
                print(out, setup, report.toMap(), report.toLines());
            } else if (faceSizes != null) {
                FaceSizeReport report = FaceSizeEvaluation.run(pipeline, folder, faceSizes, limit, n -> ProgressBar.onTerminal("eval", n));
                setup.put("frame", FaceSizeEvaluation.FRAME_WIDTH + "x" + FaceSizeEvaluation.FRAME_HEIGHT);
                print(out, setup, Map.of("face_sizes", report.toMap()), report.toLines());
            } else {
                AccuracyReport report = AccuracyEvaluation.run(pipeline, folder, limit, n -> ProgressBar.onTerminal("eval", n));
                print(out, setup, report.toMap(), report.toLines());
            }
            out.flush();
        }
        return 0;
    }

    private Integer scenarios() throws Exception {
        if (folder != null) {
            throw new IllegalArgumentException("--scenario takes scene files, not a FOLDER of images (" + folder + "): run them separately");
        }
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (!SCENARIO_OPTIONS.contains(o.longestName())) {
                throw new IllegalArgumentException(o.longestName() + " does not apply to --scenario: the scenes run ingest, inference and "
                        + "aggregator with their defaults (HEED_MODELS_DIR for the models; --estimator and --model choose the pose estimator)");
            }
        }
        if (estimatorNames().size() != 1 || estimator.strip().equalsIgnoreCase(PoseEstimators.ALL)) {
            throw new IllegalArgumentException("--scenario runs one estimator, not " + estimator);
        }
        ScenarioRun.Settings settings = new ScenarioRun.Settings(!fast, estimator.strip(), model.toConfig().modelPath());
        ScenarioReport report = ScenarioEvaluation.run(scenarios, settings, System.err);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonText.of(report.toMap()));
        } else {
            report.toLines().forEach(out::println);
        }
        out.flush();
        return 0;
    }

    private List<String> estimatorNames() {
        if (estimator.strip().equalsIgnoreCase(PoseEstimators.ALL)) {
            return PoseEstimators.names();
        }
        return java.util.Arrays.stream(estimator.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList();
    }

    private Integer compare(List<String> names) throws Exception {
        List<PoseEstimator> estimators = new java.util.ArrayList<>();
        try {
            for (String name : names) {
                estimators.add(PoseEstimators.open(name, model.toSetup()));
            }
        } catch (Exception e) {
            estimators.forEach(PoseEstimator::close);
            throw e;
        }
        // The pipeline owns (and closes) the first estimator; the rest are closed here.
        try (PosePipeline pipeline = pipelineOptions.pipeline(estimators.get(0))) {
            List<ComparisonEvaluation.Row> rows = ComparisonEvaluation.run(pipeline, names, estimators, folder, limit, robustnessLimit,
                    n -> ProgressBar.onTerminal("eval", n));
            Map<String, Object> setup = new LinkedHashMap<>();
            setup.put("estimators", names);
            setup.put("provider", estimators.get(0).provider());
            setup.put("threads", model.toConfig().intraOpThreads());
            setup.put("detector", pipelineOptions.detectorName());
            setup.put("crop_policy", pipeline.cropPolicy().name());
            setup.put("face", pipelineOptions.face.name().toLowerCase(Locale.ROOT));
            setup.put("folder", folder.toString());
            setup.put("robustness_limit", robustnessLimit);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> all = new LinkedHashMap<>(ComparisonEvaluation.toMap(rows));
                all.put("config", setup);
                out.println(JsonText.of(all));
            } else {
                out.printf("%d estimators on %s, %s thread(s), crop %s; %s%n", names.size(), setup.get("provider"), setup.get("threads"),
                        setup.get("crop_policy"), folder);
                ComparisonEvaluation.toLines(rows).forEach(out::println);
            }
            out.flush();
        } finally {
            estimators.subList(1, estimators.size()).forEach(PoseEstimator::close);
        }
        return 0;
    }

    private Map<String, Object> setup(PosePipeline pipeline) {
        PoseEstimator e = pipeline.estimator();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("estimator", estimator);
        s.put("model", e.identity().name());
        s.put("model_version", e.identity().version());
        s.put("provider", e.provider());
        s.put("mirror", model.toConfig().mirror());
        s.put("detector", pipelineOptions.detectorName());
        s.put("detector_input_size", dev.heed.ingest.DetectorInputSize.describe(pipelineOptions.detectorInputSize));
        s.put("crop_policy", pipeline.cropPolicy().name());
        s.put("face", pipelineOptions.face.name().toLowerCase(Locale.ROOT));
        s.put("folder", folder.toString());
        return s;
    }

    private void print(PrintWriter out, Map<String, Object> setup, Map<String, Object> figures, List<String> lines) {
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>(figures);
            all.put("config", setup);
            out.println(JsonText.of(all));
            return;
        }
        out.printf("%s %s on %s, detector %s at %s, crop %s, mirror %s, %s; %s%n", setup.get("model"), setup.get("model_version"),
                setup.get("provider"), setup.get("detector"), setup.get("detector_input_size"), setup.get("crop_policy"),
                (Boolean) setup.get("mirror") ? "on" : "off",
                pipelineOptions.face == FaceChoice.CENTRE ? "the face nearest the image centre" : "the highest-scoring face", folder);
        lines.forEach(out::println);
    }
}
