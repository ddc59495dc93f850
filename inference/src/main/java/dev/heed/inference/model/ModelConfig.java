package dev.heed.inference.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How to load and run a pose model, validated here so a bad value fails at start with the flag to fix.
 *
 * @param modelPath      ONNX model file (--model)
 * @param intraOpThreads ONNX Runtime threads inside one model run (--threads)
 * @param provider       execution provider (--provider)
 * @param mirror         the hopenet estimator is mirror averaged ({@link MirrorAveraging}) (--mirror); the model
 *                       itself ignores it
 * @param contract       explicit contract settings; unset ones come from the model's metadata or Hopenet's defaults
 */
public record ModelConfig(Path modelPath, int intraOpThreads, ExecutionProvider provider, boolean mirror, ContractSettings contract) {
    public static final String DEFAULT_MODEL_FILE = "hopenet-lite-shufflenetv2.onnx";
    /** More threads than any single host has cores is a typo, not a setting. */
    public static final int MAX_THREADS = 256;

    public ModelConfig {
        if (modelPath == null) {
            throw new IllegalArgumentException("--model must be set (or --models-dir / HEED_MODELS_DIR)");
        }
        if (!Files.isRegularFile(modelPath) || !Files.isReadable(modelPath)) {
            throw new IllegalArgumentException("--model: no readable model file at " + modelPath.toAbsolutePath()
                    + " (set --model / HEED_INFERENCE_MODEL, or --models-dir / HEED_MODELS_DIR)");
        }
        if (intraOpThreads < 1 || intraOpThreads > MAX_THREADS) {
            throw new IllegalArgumentException("--threads must be between 1 and " + MAX_THREADS + ", got " + intraOpThreads);
        }
        if (provider == null) {
            throw new IllegalArgumentException("--provider must be one of auto, cpu, cuda");
        }
        if (contract == null) {
            contract = ContractSettings.NONE;
        }
    }

    /** One CPU thread, provider auto, no mirroring, the contract from the model's metadata or Hopenet's defaults. */
    public static ModelConfig defaults(Path modelPath) {
        return new ModelConfig(modelPath, 1, ExecutionProvider.AUTO, false, ContractSettings.NONE);
    }

    public ModelConfig withMirror(boolean on) {
        return new ModelConfig(modelPath, intraOpThreads, provider, on, contract);
    }
}
