package dev.heed.inference;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared models and data beside the checkout (surefire sets heed.shared). */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        String shared = System.getProperty("heed.shared", "../shared");
        Path root = Path.of(shared);
        if (!Files.isDirectory(root.resolve("models"))) {
            throw new IllegalStateException("shared models and data not found at " + root.toAbsolutePath() + " (set -Dheed.shared)");
        }
        return root;
    }

    public static Path hopenet() {
        return root().resolve("models").resolve(InferenceConfig.DEFAULT_MODEL_FILE);
    }

    public static Path faceImage(String file) {
        return root().resolve("data/faces/images").resolve(file);
    }

    public static Path aflwDir() {
        return root().resolve("data/aflw2000-dev");
    }
}
