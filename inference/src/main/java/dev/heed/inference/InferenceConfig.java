package dev.heed.inference;

import dev.heed.inference.model.ModelConfig;
import dev.heed.inference.model.PoseEstimators;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the inference service is configured with; validated here so a bad value fails at start with the
 * flag to fix.
 *
 * @param model    the pose model and how to run it (--model, --threads, --provider, --mirror, contract flags)
 * @param maxBatch most crops run through the model at once (--max-batch)
 * @param maxWait  longest a crop waits for its batch to fill (--max-wait-ms); 0 runs whatever each poll returned
 * @param groupId  Kafka consumer group (--group-id)
 * @param maxAge   crops captured longer ago than this are skipped, so output stays live after a backlog (--max-age-ms)
 * @param estimator the pose estimator by name, as heed models lists them (--estimator); its model files other than
 *                  Hopenet's are read from the folder of --model
 */
public record InferenceConfig(ModelConfig model, int maxBatch, Duration maxWait, String groupId, Duration maxAge, String estimator) {
    public static final String DEFAULT_MODEL_FILE = ModelConfig.DEFAULT_MODEL_FILE;
    /**
     * Measured with heed bench inference on one CPU thread: CPU time per crop is flat from batch 1 to 8, higher at 32
     * (10-15 %: activations outgrow the caches) and at 16 under load, while a batch's latency grows with its size.
     */
    public static final int DEFAULT_MAX_BATCH = 8;
    /** Short against the frame interval of a 25 fps camera (40 ms), long enough to gather faces of one frame. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(20);
    public static final String DEFAULT_GROUP_ID = "heed-inference";
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(10);

    /** A batch larger than this would hold too many crops in memory and delay the first event of the batch. */
    public static final int MAX_BATCH_LIMIT = 512;
    /** Waiting longer than this for a batch to fill is no longer live output. */
    public static final Duration MAX_WAIT_LIMIT = Duration.ofSeconds(5);

    /** The default estimator, Hopenet. */
    public InferenceConfig(ModelConfig model, int maxBatch, Duration maxWait, String groupId, Duration maxAge) {
        this(model, maxBatch, maxWait, groupId, maxAge, PoseEstimators.DEFAULT);
    }

    public InferenceConfig {
        if (estimator == null || estimator.isBlank()) {
            throw new IllegalArgumentException("--estimator must not be blank");
        }
        if (model == null) {
            throw new IllegalArgumentException("--model must be set (or --models-dir / HEED_MODELS_DIR)");
        }
        if (maxBatch < 1 || maxBatch > MAX_BATCH_LIMIT) {
            throw new IllegalArgumentException("--max-batch must be between 1 and " + MAX_BATCH_LIMIT + ", got " + maxBatch);
        }
        if (maxWait == null || maxWait.isNegative() || maxWait.compareTo(MAX_WAIT_LIMIT) > 0) {
            throw new IllegalArgumentException("--max-wait-ms must be between 0 and " + MAX_WAIT_LIMIT.toMillis() + ", got "
                    + (maxWait == null ? "none" : maxWait.toMillis()));
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
        return new InferenceConfig(ModelConfig.defaults(modelPath), DEFAULT_MAX_BATCH, DEFAULT_MAX_WAIT, DEFAULT_GROUP_ID, DEFAULT_MAX_AGE);
    }

    /** The same with another age limit for crops (--max-age-ms). */
    public InferenceConfig withMaxAge(Duration age) {
        return new InferenceConfig(model, maxBatch, maxWait, groupId, age, estimator);
    }

    /** The same with another estimator (a name as listed by heed models, or an ensemble). */
    public InferenceConfig withEstimator(String name) {
        return new InferenceConfig(model, maxBatch, maxWait, groupId, maxAge, name);
    }
}
