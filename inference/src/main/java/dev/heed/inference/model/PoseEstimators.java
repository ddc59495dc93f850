package dev.heed.inference.model;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The pose estimators known by name, so the service, {@code heed eval} and {@code heed bench} pick one the same
 * way. Adding an estimator is one name here and one case in {@link #open}.
 */
public final class PoseEstimators {
    /** Any model with Hopenet's interface ({@link HopenetModel}), the configured --model. */
    public static final String HOPENET = "hopenet";
    public static final String DEFAULT = HOPENET;

    private PoseEstimators() {
    }

    public static List<String> names() {
        return List.of(HOPENET);
    }

    /**
     * @throws IllegalArgumentException if the name is unknown (the message lists the known ones) or the model
     *                                  does not fit the estimator
     */
    public static PoseEstimator open(String name, ModelConfig config) throws IOException, OrtException {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case HOPENET -> HopenetModel.open(config);
            default -> throw new IllegalArgumentException("--estimator: unknown estimator '" + name + "'; known: " + names());
        };
    }
}
