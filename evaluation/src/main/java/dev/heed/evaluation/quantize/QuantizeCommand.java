package dev.heed.evaluation.quantize;

import ai.onnxruntime.OrtException;
import dev.heed.common.cli.CommandRunner;
import dev.heed.evaluation.ConsistencyChecks;
import dev.heed.evaluation.PipelineOptions;
import dev.heed.evaluation.PosePipeline;
import dev.heed.evaluation.ProgressBar;
import dev.heed.evaluation.quantize.onnx.OnnxModel.ModelProto;
import dev.heed.inference.ModelOptions;
import dev.heed.inference.model.ExecutionProvider;
import dev.heed.inference.model.FaceImage;
import dev.heed.inference.model.FaceRegion;
import dev.heed.inference.model.HeadPose;
import dev.heed.inference.model.HopenetModel;
import dev.heed.inference.model.ModelConfig;
import dev.heed.inference.model.ModelContract;
import dev.heed.inference.model.ModelIdentity;
import dev.heed.inference.model.PoseEstimationException;
import dev.heed.inference.model.PoseResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heed quantize}: an int8 copy of the configured Hopenet-style model, calibrated on real faces. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = {"Writes an int8 copy of the pose model (--model, default Hopenet-lite) for the CPU: weights int8 per "
                + "output channel, activations uint8, in ONNX Runtime's QDQ form, with activation ranges calibrated on the faces "
                + "of a folder of images (and their mirror images), found and cropped by ingest's detector and crop policy.",
                "It prints how closely the int8 model agrees with the float one on those faces. Measure its accuracy and speed "
                        + "with: heed eval FOLDER --model FILE and heed bench inference --model FILE. The speed-up needs a CPU "
                        + "with VNNI (AVX512-VNNI or AVX-VNNI); serve it with heed inference --model FILE."})
public final class QuantizeCommand implements Callable<Integer> {
    static final String INT8_SUFFIX = "-int8.onnx";
    static final String METADATA_QUANTIZATION = "heed.quantization";
    static final String METADATA_CALIBRATION = "heed.calibration";
    static final String METADATA_SOURCE = "heed.source_model";
    private static final int BATCH = 8;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    PipelineOptions pipelineOptions;

    @Option(names = "--calibration", paramLabel = "FOLDER", defaultValue = "../shared/data/faces",
            description = "Images to calibrate on (FOLDER or FOLDER/images). Use faces like the ones the cameras will see, "
                    + "and not the images you evaluate on. Default: ${DEFAULT-VALUE}.")
    Path calibration;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Only the first N images of the calibration folder; 0 for all. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write the int8 model. Default: the model's file name with -int8 before .onnx, in the current folder.")
    Path out;

    public static void main(String[] args) {
        System.exit(CommandRunner.run(new QuantizeCommand(), args));
    }

    @Override
    public Integer call() throws Exception {
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be >= 0, got " + limit);
        }
        pipelineOptions.check();
        List<Path> images = ConsistencyChecks.imageFiles(calibration);
        if (model.toConfig().mirror()) {
            // --mirror (or HEED_INFERENCE_MIRROR) is how a model is served, not part of the file.
            spec.commandLine().getErr().println("heed quantize: --mirror does not change the model file; serve the int8 model with --mirror to mirror-average it");
        }
        ModelConfig config = model.toConfig().withMirror(false);
        Path source = config.modelPath();
        Path target = out != null ? out : Path.of(baseName(source) + INT8_SUFFIX);
        if (target.toAbsolutePath().normalize().equals(source.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--out must not be the model file itself: " + source);
        }
        ModelProto floatModel;
        try {
            floatModel = ModelProto.parseFrom(Files.readAllBytes(source));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("--model " + source + " is not an ONNX model: " + e.getMessage(), e);
        }
        QdqQuantizer quantizer = QdqQuantizer.of(floatModel);
        PrintWriter text = spec.commandLine().getOut();

        HopenetModel reference = HopenetModel.open(config);
        try (PosePipeline pipeline = pipelineOptions.pipeline(reference)) {
            CalibrationFaces found = CalibrationFaces.collect(pipeline, images, limit, n -> ProgressBar.onTerminal("faces", n));
            if (found.faces().isEmpty()) {
                throw new IllegalArgumentException("--calibration " + calibration + ": no face found in " + images.size() + " images");
            }
            Map<String, ActivationRange> ranges = calibrate(quantizer, reference.contract(), found.faces());
            ModelIdentity from = reference.identity();
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put(METADATA_QUANTIZATION, "int8 QDQ: weights int8 symmetric per output channel, activations uint8 per tensor "
                    + "(min/max), " + quantizer.quantisedNodes() + " Conv/Gemm nodes");
            metadata.put(METADATA_CALIBRATION, found.faces().size() + " faces and their mirror images from " + calibration);
            metadata.put(METADATA_SOURCE, from.name() + " " + from.version());
            byte[] bytes = quantizer.quantize(ranges, metadata).toByteArray();
            if (target.toAbsolutePath().getParent() != null) {
                Files.createDirectories(target.toAbsolutePath().getParent());
            }
            Files.write(target, bytes);

            text.printf(Locale.ROOT, "quantized %s %s: %d Conv/Gemm nodes to int8, calibrated on %d faces and their mirror images "
                            + "from %s (%d images without a face)%n", from.name(), from.version(), quantizer.quantisedNodes(),
                    found.faces().size(), calibration, found.noFace());
            text.printf(Locale.ROOT, "wrote %s (%.1f MB; the float model: %.1f MB)%n", target, bytes.length / 1e6, Files.size(source) / 1e6);
            text.println(agreement(reference, new ModelConfig(target, config.intraOpThreads(), ExecutionProvider.CPU, false,
                    config.contract()), found.faces()));
            text.printf("measure it: heed eval FOLDER --model %s; heed bench inference --model %s%n", target, target);
            text.flush();
        }
        return 0;
    }

    /** Each face and its mirror image, as the model's input, through the calibration run. */
    private static Map<String, ActivationRange> calibrate(QdqQuantizer quantizer, ModelContract contract, List<FaceImage> faces)
            throws OrtException {
        int size = contract.inputSize();
        int perImage = contract.valuesPerImage();
        float[] values = new float[perImage];
        FloatBuffer input = ByteBuffer.allocateDirect(perImage * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        ProgressBar bar = ProgressBar.onTerminal("calibrate", faces.size());
        try (RangeCalibration calibration = new RangeCalibration(quantizer.calibrationModel(), quantizer.activations())) {
            for (FaceImage face : faces) {
                for (FaceImage view : List.of(face, face.mirrored())) {
                    contract.write(FaceRegion.SQUARE.cut(view, size), values, 0);
                    input.clear();
                    input.put(values).flip();
                    calibration.observe(input, new long[] {1, 3, size, size});
                }
                bar.step();
            }
            bar.finish();
            return calibration.ranges();
        }
    }

    /** How far the int8 model's angles lie from the float model's on the calibration faces. */
    private static String agreement(HopenetModel reference, ModelConfig quantized, List<FaceImage> faces)
            throws IOException, OrtException, PoseEstimationException {
        double[] sum = new double[3];
        double worst = 0;
        try (HopenetModel int8 = HopenetModel.open(quantized)) {
            for (int from = 0; from < faces.size(); from += BATCH) {
                List<FaceImage> batch = faces.subList(from, Math.min(faces.size(), from + BATCH));
                List<PoseResult> expected = reference.estimate(batch);
                List<PoseResult> got = int8.estimate(batch);
                for (int i = 0; i < batch.size(); i++) {
                    // A Hopenet-style model estimates every face it is given: pose() cannot fail here.
                    HeadPose e = expected.get(i).pose();
                    HeadPose g = got.get(i).pose();
                    double[] d = {
                            Math.abs(g.yaw().degrees() - e.yaw().degrees()),
                            Math.abs(g.pitch().degrees() - e.pitch().degrees()),
                            Math.abs(g.roll().degrees() - e.roll().degrees())};
                    for (int a = 0; a < 3; a++) {
                        sum[a] += d[a];
                        worst = Math.max(worst, d[a]);
                    }
                }
            }
        }
        int n = faces.size();
        return String.format(Locale.ROOT, "agreement with the float model on those faces: mean |difference| yaw %.2f, pitch %.2f, "
                + "roll %.2f deg (largest %.1f)", sum[0] / n, sum[1] / n, sum[2] / n, worst);
    }

    private static String baseName(Path model) {
        String name = model.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".onnx") ? name.substring(0, name.length() - ".onnx".length()) : name;
    }
}
