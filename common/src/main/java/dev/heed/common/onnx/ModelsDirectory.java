package dev.heed.common.onnx;

import java.nio.file.Path;

/** Where the ONNX model files live: {@code $HEED_MODELS_DIR}, or ../shared/models relative to the working directory. */
public final class ModelsDirectory {
    public static final String ENV = "HEED_MODELS_DIR";
    public static final String DEFAULT = "../shared/models";

    private ModelsDirectory() {
    }

    public static Path fromEnvironment() {
        String dir = System.getenv(ENV);
        return Path.of(dir == null || dir.isBlank() ? DEFAULT : dir);
    }
}
