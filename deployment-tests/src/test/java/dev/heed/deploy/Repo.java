package dev.heed.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the checkout the tests check (docker/, helm/) and the shared data beside it. */
final class Repo {
    private Repo() {
    }

    static Path root() {
        Path root = Path.of(System.getProperty("heed.repo", "..")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("docker"))) {
            throw new IllegalStateException("no docker/ under " + root + " (system property heed.repo)");
        }
        return root;
    }

    static Path docker() {
        return root().resolve("docker");
    }

    static Path chart() {
        return root().resolve("helm/heed");
    }

    static Path shared() {
        return Path.of(System.getProperty("heed.shared", root().resolve("../shared").toString())).toAbsolutePath().normalize();
    }
}
