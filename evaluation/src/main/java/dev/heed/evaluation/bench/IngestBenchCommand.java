package dev.heed.evaluation.bench;

import dev.heed.evaluation.JsonText;
import dev.heed.evaluation.ProgressBar;
import dev.heed.ingest.CameraConfig;
import dev.heed.ingest.FramePublisher;
import dev.heed.ingest.DetectorInputSize;
import dev.heed.ingest.IngestConfig;
import dev.heed.ingest.IngestMetrics;
import dev.heed.ingest.crop.CropPolicy;
import dev.heed.ingest.detect.DetectorKind;
import dev.heed.ingest.detect.DetectorSettings;
import dev.heed.ingest.detect.FaceDetector;
import dev.heed.ingest.source.VideoSource;
import dev.heed.ingest.source.VideoSourceException;
import dev.heed.kafka.embedded.EmbeddedKafka;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heed bench ingest}: frames per second per core of one camera's ingest work, per stage and per detector. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Frames per second per core of one camera's ingest work: decode, detect, track, crop + JPEG, publish to "
                + "a Kafka broker in this JVM, all on one thread with one ONNX Runtime thread, timed per stage in that thread's "
                + "CPU time (which other processes' load barely changes). The clip is 720p H.264 of six real people, written once "
                + "from --faces into the temporary folder's heed-bench/ (about 10 s), unless --clip is given.",
                "Compared, in the same run: the detectors with each other (the first listed is 1.00x; they take turns frame by "
                        + "frame, each with its own decoder and tracker, so their ratio holds on a busy machine), and the stages "
                        + "with each other (share of the thread's CPU time). The whole process's CPU (Kafka's producer and "
                        + "broker threads, GC, JIT) is shown too, for all detectors together."})
public final class IngestBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--detectors", paramLabel = "yunet|scrfd", split = ",", defaultValue = "yunet,scrfd",
            description = "Detectors to measure, the first being the reference (each loads its default model file from "
                    + "--models-dir). Default: ${DEFAULT-VALUE}.")
    List<DetectorKind> detectors;

    @Option(names = "--detector-model", paramLabel = "yunet|scrfd=FILE",
            description = "Also measure this model file of that detector (e.g. heed quantize-detector's int8 model), as a "
                    + "variant after the --detectors ones, named after its file; repeatable. Ingest runs such a file with "
                    + "--detector and --detector-model FILE.")
    List<String> detectorModels = new ArrayList<>();

    @Option(names = "--detector-input-size", paramLabel = "auto|PIXELS", defaultValue = "auto", converter = DetectorInputSize.class,
            description = "The detectors' input, as ingest's flag: auto follows the frame (ingest's default), or the side of a "
                    + "square the frame is scaled into (yunet-2023mar runs only at 640). Default: ${DEFAULT-VALUE}.")
    int inputSize;

    @Option(names = "--models-dir", paramLabel = "DIR", defaultValue = "${env:HEED_MODELS_DIR:-" + IngestConfig.DEFAULT_MODELS_DIR + "}",
            description = "Folder holding the detector models (env HEED_MODELS_DIR). Default: ${DEFAULT-VALUE}.")
    Path modelsDir;

    @Option(names = "--clip", paramLabel = "FILE",
            description = "Measure on this video instead of the generated 720p clip of six people.")
    Path clip;

    @Option(names = "--faces", paramLabel = "DIR", defaultValue = "${env:HEED_BENCH_FACES:-../shared/data/faces}",
            description = "The data/faces folder the generated clip's six photos come from (env HEED_BENCH_FACES). "
                    + "Default: ${DEFAULT-VALUE}.")
    Path faces;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "300",
            description = "Measured frames per detector (the generated clip is this long, at 25 fps; a shorter --clip starts "
                    + "again). Default: ${DEFAULT-VALUE}.")
    int frames;

    @Option(names = "--warmup-frames", paramLabel = "N", defaultValue = "50",
            description = "Frames per detector run before measuring (JIT, ONNX Runtime's first runs). Default: ${DEFAULT-VALUE}.")
    int warmupFrames;

    @Option(names = "--json", description = "Print one JSON object instead of text: detector and frames_per_cpu_s (the first "
            + "detector's frames per second per core), frames_per_s (its wall-clock rate), process_frames_per_cpu_s, clip, "
            + "width, height, frames, faces_per_frame, detector_input_size, threads, final_flush_ms, reference, results "
            + "(every detector: its rates, ratio_to_reference and stages, each with cpu_ms_per_frame and share).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (frames < 1 || warmupFrames < 0 || detectors.isEmpty()) {
            throw new IllegalArgumentException("--frames must be >= 1, --warmup-frames >= 0 and --detectors not empty");
        }
        if (new LinkedHashSet<>(detectors).size() != detectors.size()) {
            throw new IllegalArgumentException("--detectors names a detector twice: " + detectors);
        }
        DetectorSettings settings;
        try {
            settings = DetectorSettings.defaults().withInputSize(inputSize);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--detector-input-size: " + e.getMessage(), e);
        }
        List<Map.Entry<DetectorKind, Path>> models = new ArrayList<>();
        for (DetectorKind kind : detectors) {
            models.add(Map.entry(kind, modelsDir.resolve(kind.defaultModelFile())));
        }
        for (Map.Entry<DetectorKind, Path> model : models) {
            if (!Files.isRegularFile(model.getValue())) {
                throw new IllegalArgumentException("--models-dir " + modelsDir.toAbsolutePath() + ": no " + model.getKey().defaultModelFile()
                        + " (the " + model.getKey().name().toLowerCase(Locale.ROOT) + " detector's model; set --models-dir or HEED_MODELS_DIR)");
            }
        }
        for (String extra : detectorModels) {
            models.add(detectorModel(extra));
        }
        // Everything that can be wrong is found here, before the broker starts and the detectors load.
        Path video = clip != null ? readable(clip) : writeClipOnce();
        List<FaceDetector> opened = new ArrayList<>();
        // Kafka's client defaults as Heed sets them (idempotent, acks=all), not the service's linger and buffer bounds.
        try (EmbeddedKafka kafka = EmbeddedKafka.start().withHeedTopics(1);
             Producer<String, byte[]> producer = new KafkaProducer<>(kafka.settings().producer("heed-bench-ingest"))) {
            IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
            List<IngestBenchmark.Variant> variants = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Map.Entry<DetectorKind, Path> model : models) {
                FaceDetector detector = model.getKey().create(model.getValue(), settings);
                opened.add(detector);
                if (!names.add(detector.name())) {
                    throw new IllegalArgumentException("two detector variants have the same model name " + detector.name()
                            + ": give --detector-model a file of another name");
                }
                String cameraId = "bench-" + detector.name();
                FramePublisher publisher = new FramePublisher(CameraConfig.of(cameraId, video.toString()), CropPolicy.DEFAULT,
                        IngestConfig.DEFAULT_JPEG_QUALITY, producer, metrics.forCamera(cameraId));
                variants.add(new IngestBenchmark.Variant(detector, publisher));
            }
            IngestBenchmark.Measurement measured = IngestBenchmark.run(video, variants, warmupFrames, frames,
                    ProgressBar.onTerminal("bench", frames * variants.size()));
            long flushStart = System.nanoTime();
            producer.flush();
            double flushMillis = (System.nanoTime() - flushStart) / 1e6;
            report(spec.commandLine().getOut(), video, settings.intraOpThreads(), measured, flushMillis);
        } finally {
            opened.forEach(FaceDetector::close);
        }
        return 0;
    }

    /** "yunet=FILE" of --detector-model. */
    private static Map.Entry<DetectorKind, Path> detectorModel(String value) {
        int eq = value.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("--detector-model must be yunet=FILE or scrfd=FILE, got '" + value + "'");
        }
        DetectorKind kind = DetectorKind.parse(value.substring(0, eq));
        Path file = Path.of(value.substring(eq + 1));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--detector-model " + file + ": no such file");
        }
        return Map.entry(kind, file);
    }

    private static Path readable(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--clip " + file + ": no such file");
        }
        try {
            VideoSource.probe(file.toString());
        } catch (VideoSourceException e) {
            throw new IllegalArgumentException("--clip " + file + ": not a video Heed can read: " + e.getMessage(), e);
        }
        return file;
    }

    private Path writeClipOnce() throws Exception {
        if (!Files.isDirectory(faces)) {
            throw new IllegalArgumentException("--faces " + faces.toAbsolutePath() + ": no such folder (or give --clip)");
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "heed-bench");
        Path file = dir.resolve(SixPeopleClip.fileName(frames));
        if (!Files.isRegularFile(file)) {
            spec.commandLine().getErr().println("heed bench ingest: writing " + file + " (once; about 10 s for 300 frames) ...");
        }
        return SixPeopleClip.cached(faces, dir, frames);
    }

    private void report(PrintWriter out, Path video, int threads, IngestBenchmark.Measurement measured, double flushMillis) {
        List<IngestBenchmark.Result> results = measured.results();
        IngestBenchmark.Result reference = results.get(0);
        double processFramesPerCpuSecond = measured.frames() / measured.processCpuSeconds();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("detector", reference.detector());
            m.put("frames_per_cpu_s", reference.framesPerCpuSecond());
            m.put("frames_per_s", reference.framesPerSecond());
            m.put("process_frames_per_cpu_s", processFramesPerCpuSecond);
            m.put("clip", video.getFileName().toString());
            m.put("width", reference.width());
            m.put("height", reference.height());
            m.put("frames", frames);
            m.put("faces_per_frame", reference.facesPerFrame());
            m.put("detector_input_size", DetectorInputSize.describe(inputSize));
            m.put("threads", threads);
            m.put("final_flush_ms", flushMillis);
            m.put("reference", Map.of("what", "the first detector, on the same frames, taking turns frame by frame",
                    "detector", reference.detector(), "frames_per_cpu_s", reference.framesPerCpuSecond()));
            List<Object> rows = new ArrayList<>();
            for (IngestBenchmark.Result r : results) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("detector", r.detector());
                row.put("frames", r.frames());
                row.put("faces_per_frame", r.facesPerFrame());
                row.put("frames_per_cpu_s", r.framesPerCpuSecond());
                row.put("frames_per_s", r.framesPerSecond());
                row.put("cpu_ms_per_frame", 1000 * r.cpuSeconds() / r.frames());
                row.put("ratio_to_reference", r.framesPerCpuSecond() / reference.framesPerCpuSecond());
                Map<String, Object> stages = new LinkedHashMap<>();
                for (IngestBenchmark.Stage s : IngestBenchmark.Stage.values()) {
                    stages.put(s.label(), Map.of("cpu_ms_per_frame", r.cpuMillisPerFrame(s), "share", r.share(s)));
                }
                row.put("stages", stages);
                rows.add(row);
            }
            m.put("results", rows);
            out.println(JsonText.of(m));
            out.flush();
            return;
        }
        out.printf(Locale.ROOT, "clip %s: %dx%d, %d frames per detector, %.1f faces per frame%n", video.getFileName(), reference.width(),
                reference.height(), frames, reference.facesPerFrame());
        out.printf(Locale.ROOT, "one pipeline thread, %d ONNX Runtime thread(s), detector input %s; crops %d px, JPEG quality %d; "
                + "publish to an in-JVM Kafka broker%n", threads, DetectorInputSize.describe(inputSize), CropPolicy.DEFAULT_SIZE,
                IngestConfig.DEFAULT_JPEG_QUALITY);
        out.printf(Locale.ROOT, "%-20s %15s %15s %13s %10s%n", "detector", "frames/s/core", "frames/s wall", "CPU ms/frame",
                "vs " + shortName(reference));
        for (IngestBenchmark.Result r : results) {
            out.printf(Locale.ROOT, "%-20s %15.1f %15.1f %13.2f %9.2fx%n", r.detector(), r.framesPerCpuSecond(), r.framesPerSecond(),
                    1000 * r.cpuSeconds() / r.frames(), r.framesPerCpuSecond() / reference.framesPerCpuSecond());
        }
        out.println("CPU ms per frame by stage (share of the pipeline thread's CPU time):");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-12s", "stage"));
        results.forEach(r -> header.append(String.format(Locale.ROOT, " %20s", r.detector())));
        out.println(header);
        for (IngestBenchmark.Stage s : IngestBenchmark.Stage.values()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s", s.label()));
            results.forEach(r -> line.append(String.format(Locale.ROOT, " %10.2f (%5.1f %%)", r.cpuMillisPerFrame(s), 100 * r.share(s))));
            out.println(line);
        }
        out.printf(Locale.ROOT, "whole process (Kafka's producer and broker threads, GC, JIT; all detectors): %.2f s CPU for %d frames "
                + "= %.1f frames/s per core%n", measured.processCpuSeconds(), measured.frames(), processFramesPerCpuSecond);
        out.printf(Locale.ROOT, "final flush (waiting for Kafka's acks, not CPU of the pipeline thread): %.0f ms%n", flushMillis);
        out.printf(Locale.ROOT, "reference: %s, on the same frames, detectors taking turns frame by frame%n", reference.detector());
        out.flush();
    }

    /** "yunet" for "yunet-2023mar": short enough for a column header. */
    private static String shortName(IngestBenchmark.Result r) {
        int dash = r.detector().indexOf('-');
        return dash > 0 ? r.detector().substring(0, dash) : r.detector();
    }
}
