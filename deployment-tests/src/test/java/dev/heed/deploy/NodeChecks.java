package dev.heed.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema checks written for node (deployment-tests/js): Grafana's dashboard schema and the Kubernetes schemas.
 * Their npm packages (pinned in package-lock.json) are installed once into the git-ignored js/node_modules.
 */
final class NodeChecks {
    private NodeChecks() {
    }

    static Path dir() {
        return Repo.root().resolve("deployment-tests/js");
    }

    static synchronized void install() throws IOException, InterruptedException {
        Processes.require("node", "apt-get install nodejs npm (.ci/run does)");
        Path marker = dir().resolve("node_modules/.package-lock.json");
        Path lock = dir().resolve("package-lock.json");
        if (Files.exists(marker) && Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
            return;
        }
        Processes.Result r = Processes.run(dir(), Duration.ofMinutes(5),
                List.of(Processes.require("npm", "apt-get install npm"), "ci", "--no-audit", "--no-fund", "--loglevel=error"));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("npm ci in " + dir() + " failed:\n" + r.output());
        }
    }

    static Processes.Result run(String script, List<String> args) throws IOException, InterruptedException {
        install();
        List<String> cmd = new ArrayList<>(List.of("node", script));
        cmd.addAll(args);
        return Processes.run(dir(), Duration.ofMinutes(3), cmd);
    }
}
