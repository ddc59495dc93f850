package dev.heed.common.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A launcher that passes a long classpath with -cp makes the command line tens of kB long; ONNX Runtime's
 * environment creation then overflows a default thread stack and kills the JVM with SIGSEGV. Surefire's
 * own forks keep the command line short, so this runs a child JVM with a padded one. (Probe mode "raw", which
 * calls ONNX Runtime directly, reproduces the crash: exit 139.)
 */
class LongCommandLineTest {
    @Test
    void environmentAndSessionSurviveA40kBCommandLine(@TempDir Path dir) throws Exception {
        Result r = runProbe(dir, "heed");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("session ok"), r.output());
    }

    private record Result(int exit, String output) {
    }

    private static Result runProbe(Path dir, String mode) throws IOException, InterruptedException {
        // The real classpath goes through an argument file so the padding alone sets the command-line length.
        Path argFile = dir.resolve("classpath.args");
        Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path") + "\"\n", StandardCharsets.UTF_8);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "@" + argFile, "-Xmx256m", "-Dheed.padding=" + "x".repeat(40_000),
                OrtEnvironmentProbe.class.getName(), Path.of(System.getProperty("heed.shared", "../shared"), "models/hopenet-lite-shufflenetv2.onnx").toString(), mode);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("probe JVM did not finish in 60 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
