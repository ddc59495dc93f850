package dev.heed.evaluation;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared models and data beside the checkout (surefire sets heed.shared). */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        Path root = Path.of(System.getProperty("heed.shared", "../shared"));
        if (!Files.isDirectory(root.resolve("models"))) {
            throw new IllegalStateException("shared models and data not found at " + root.toAbsolutePath() + " (set -Dheed.shared)");
        }
        return root;
    }

    public static Path models() {
        return root().resolve("models");
    }

    public static Path aflw() {
        return root().resolve("data/aflw2000-dev");
    }

    public static Path faces() {
        return root().resolve("data/faces");
    }
}
