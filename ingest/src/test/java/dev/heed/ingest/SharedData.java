package dev.heed.ingest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared models and data beside the checkout (surefire passes their folder as heed.shared). */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        String p = System.getProperty("heed.shared", "../../shared");
        Path root = Path.of(p).toAbsolutePath().normalize();
        assertTrue(Files.isDirectory(root.resolve("models")), "shared models not found under " + root + " (system property heed.shared)");
        return root;
    }

    public static Path yunet() {
        return root().resolve("models/yunet-2023mar.onnx");
    }

    public static Path scrfd() {
        return root().resolve("models/scrfd-500m-kps.onnx");
    }

    /** The YuNet family model with a dynamic input size. */
    public static Path yunetDynamic() {
        return root().resolve("models/yunet-s-dynamic.onnx");
    }

    public static Path clip() {
        return root().resolve("data/clips/office-turns.mp4");
    }

    public static Path faceImage(String name) {
        return root().resolve("data/faces/images").resolve(name);
    }

    public static Path aflw() {
        return root().resolve("data/aflw2000-dev");
    }

    /** A file that exists but is not a video. */
    public static Path notAVideo() {
        return root().resolve("data/faces/manifest.csv");
    }
}
