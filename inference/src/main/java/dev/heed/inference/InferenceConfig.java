package dev.heed.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the inference service is configured with; validated here so a bad value fails at start with the
 * flag to fix.
 *
 * @param modelPath       ONNX model with Hopenet's interface (--model)
 * @param intraOpThreads  ONNX Runtime threads inside one model run (--threads)
 * @param maxBatch        most crops polled and run through the model at once (--max-batch)
 * @param groupId         Kafka consumer group (--group-id)
 * @param maxAge          crops captured longer ago than this are skipped, so output stays live after a backlog (--max-age-ms)
 * @param mirror          also run each crop's mirror image and average the two (--mirror)
 */
public record InferenceConfig(Path modelPath, int intraOpThreads, int maxBatch, String groupId, Duration maxAge, boolean mirror) {
    public static final String DEFAULT_MODEL_FILE = "hopenet-lite-shufflenetv2.onnx";
    public static final int DEFAULT_MAX_BATCH = 16;
    public static final String DEFAULT_GROUP_ID = "heed-inference";
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(10);

    /** A batch larger than this would hold too many crops in memory and delay the first event of the batch. */
    public static final int MAX_BATCH_LIMIT = 512;
    /** More threads than any single host has cores is a typo, not a setting. */
    public static final int MAX_THREADS = 256;

    public InferenceConfig {
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
        if (maxBatch < 1 || maxBatch > MAX_BATCH_LIMIT) {
            throw new IllegalArgumentException("--max-batch must be between 1 and " + MAX_BATCH_LIMIT + ", got " + maxBatch);
        }
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("--group-id must not be blank");
        }
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("--max-age-ms must be positive, got " + (maxAge == null ? "none" : maxAge.toMillis()));
        }
    }

    /** The defaults for everything but the model file. */
    public static InferenceConfig defaults(Path modelPath) {
        return new InferenceConfig(modelPath, 1, DEFAULT_MAX_BATCH, DEFAULT_GROUP_ID, DEFAULT_MAX_AGE, false);
    }
}
