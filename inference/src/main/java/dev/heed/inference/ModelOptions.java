package dev.heed.inference;

import dev.heed.inference.model.ChannelOrder;
import dev.heed.inference.model.ContractSettings;
import dev.heed.inference.model.EstimatorSetup;
import dev.heed.inference.model.ExecutionProvider;
import dev.heed.inference.model.ModelConfig;
import dev.heed.inference.model.ModelOutput;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The pose model options shared by {@code heed inference}, {@code heed eval} and {@code heed bench inference},
 * so the model measured is configured exactly like the model served. Contract flags left unset come from the
 * model file's {@code heed.*} metadata, else the input shape and Hopenet's defaults.
 */
public final class ModelOptions {
    @Option(names = "--models-dir", paramLabel = "DIR", defaultValue = "${env:HEED_MODELS_DIR:-../shared/models}",
            description = "Folder holding the ONNX models (env HEED_MODELS_DIR); --model defaults to "
                    + ModelConfig.DEFAULT_MODEL_FILE + " in it. Default: ${DEFAULT-VALUE}.")
    Path modelsDir;

    @Option(names = "--model", paramLabel = "FILE", defaultValue = "${env:HEED_INFERENCE_MODEL}",
            description = "ONNX model with Hopenet's interface: one image input [N,3,S,S] and either the logit heads "
                    + "yaw_logits, pitch_logits, roll_logits [N,bins] or a degrees output [N,3] (env HEED_INFERENCE_MODEL). "
                    + "Default: <models-dir>/" + ModelConfig.DEFAULT_MODEL_FILE + ".")
    Path model;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "${env:HEED_INFERENCE_THREADS:-1}",
            description = "ONNX Runtime intra-op threads per model run (env HEED_INFERENCE_THREADS). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--provider", paramLabel = "auto|cpu|cuda", defaultValue = "${env:HEED_INFERENCE_PROVIDER:-auto}",
            description = "Execution provider: auto uses CUDA when this is the GPU build (-Pgpu) and the host has CUDA 12 "
                    + "and cuDNN 9, else the CPU, and logs which; cuda fails instead of falling back (env HEED_INFERENCE_PROVIDER). "
                    + "Default: ${DEFAULT-VALUE}.")
    ExecutionProvider provider;

    @Option(names = "--mirror", arity = "0..1", paramLabel = "true|false", defaultValue = "${env:HEED_INFERENCE_MIRROR:-false}",
            description = "With --estimator hopenet: also run each crop's mirror image in the same batch and average the two "
                    + "estimates (yaw and roll negated on the mirror), i.e. hopenet-mirror: cancels the model's left-right bias "
                    + "at twice the model cost (env HEED_INFERENCE_MIRROR). Default: ${DEFAULT-VALUE}.")
    boolean mirror;

    @Option(names = "--input-size", paramLabel = "PIXELS", defaultValue = "${env:HEED_INFERENCE_INPUT_SIZE}",
            description = "Side of the model's square input (env HEED_INFERENCE_INPUT_SIZE). Default: metadata "
                    + ContractSettings.KEY_INPUT_SIZE + ", else the input shape, else 224.")
    Integer inputSize;

    @Option(names = "--channel-order", paramLabel = "RGB|BGR", defaultValue = "${env:HEED_INFERENCE_CHANNEL_ORDER}",
            description = "Order of the input planes (env HEED_INFERENCE_CHANNEL_ORDER). Default: metadata "
                    + ContractSettings.KEY_CHANNEL_ORDER + ", else RGB.")
    ChannelOrder channelOrder;

    @Option(names = "--pixel-scale", paramLabel = "FACTOR", defaultValue = "${env:HEED_INFERENCE_PIXEL_SCALE}",
            description = "Factor on the 0..255 pixel before the mean is subtracted (env HEED_INFERENCE_PIXEL_SCALE). "
                    + "Default: metadata " + ContractSettings.KEY_PIXEL_SCALE + ", else 1/255.")
    Float pixelScale;

    @Option(names = "--mean", paramLabel = "M1,M2,M3", defaultValue = "${env:HEED_INFERENCE_MEAN}",
            description = "Per-plane mean, in channel order (env HEED_INFERENCE_MEAN). Default: metadata "
                    + ContractSettings.KEY_MEAN + ", else ImageNet's 0.485,0.456,0.406.")
    String mean;

    @Option(names = "--std", paramLabel = "S1,S2,S3", defaultValue = "${env:HEED_INFERENCE_STD}",
            description = "Per-plane standard deviation, in channel order (env HEED_INFERENCE_STD). Default: metadata "
                    + ContractSettings.KEY_STD + ", else ImageNet's 0.229,0.224,0.225.")
    String std;

    @Option(names = "--bins", paramLabel = "N", defaultValue = "${env:HEED_INFERENCE_BINS}",
            description = "Bins per angle head (env HEED_INFERENCE_BINS). Default: metadata " + ContractSettings.KEY_BINS + ", else 66.")
    Integer bins;

    @Option(names = "--bin-width-deg", paramLabel = "DEG", defaultValue = "${env:HEED_INFERENCE_BIN_WIDTH_DEG}",
            description = "Width of one bin (env HEED_INFERENCE_BIN_WIDTH_DEG). Default: metadata " + ContractSettings.KEY_BIN_WIDTH + ", else 3.")
    Double binWidthDeg;

    @Option(names = "--bin-offset-deg", paramLabel = "DEG", defaultValue = "${env:HEED_INFERENCE_BIN_OFFSET_DEG}",
            description = "Angle of bin 0 (env HEED_INFERENCE_BIN_OFFSET_DEG). Default: metadata " + ContractSettings.KEY_BIN_OFFSET + ", else -99.")
    Double binOffsetDeg;

    @Option(names = "--model-output", paramLabel = "logits|degrees", defaultValue = "${env:HEED_INFERENCE_MODEL_OUTPUT}",
            description = "Read the angles from the logit heads or from a degrees output (env HEED_INFERENCE_MODEL_OUTPUT). "
                    + "Default: metadata " + ContractSettings.KEY_OUTPUT + ", else logits when the model has them, else degrees.")
    ModelOutput output;

    @Option(names = "--degrees-output", paramLabel = "NAME", defaultValue = "${env:HEED_INFERENCE_DEGREES_OUTPUT}",
            description = "Name of the [N,3] degrees output (env HEED_INFERENCE_DEGREES_OUTPUT). Default: metadata "
                    + ContractSettings.KEY_DEGREES_OUTPUT + ", else " + ContractSettings.DEFAULT_DEGREES_OUTPUT + ".")
    String degreesOutput;

    /** The validated model configuration; IllegalArgumentException names the flag at fault. */
    public ModelConfig toConfig() {
        Path modelPath = model != null ? model : modelsDir.resolve(ModelConfig.DEFAULT_MODEL_FILE);
        ContractSettings contract = new ContractSettings(inputSize, channelOrder, pixelScale, floats("--mean", mean), floats("--std", std),
                bins, binWidthDeg, binOffsetDeg, output, degreesOutput);
        return new ModelConfig(modelPath, threads, provider, mirror, contract);
    }

    /** The Hopenet model file, whether or not it exists. */
    Path hopenetModel() {
        return model != null ? model : modelsDir.resolve(ModelConfig.DEFAULT_MODEL_FILE);
    }

    /** Every estimator's setup: this model configuration and the models folder. */
    public EstimatorSetup toSetup() {
        return new EstimatorSetup(toConfig(), modelsDir);
    }

    private static List<Float> floats(String flag, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ContractSettings.floats(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs three numbers separated by commas, got '" + value + "'");
        }
    }
}
