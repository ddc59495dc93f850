package dev.heed.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the command-line tools the tests check with (node, npm, promtool) with a time limit. */
final class Processes {
    private Processes() {
    }

    /** Exit code and combined output of a finished command. */
    record Result(int exitCode, String output) {
    }

    static Result run(Path dir, Duration timeout, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("heed-tool-", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The tool's absolute path; fails with the install hint when it is missing (the tests never skip). */
    static String require(String tool, String installHint) {
        if (!onPath(tool)) {
            throw new IllegalStateException(tool + " is not installed: " + installHint);
        }
        return tool;
    }
}
