package dev.heed.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.cli.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class InferenceCommandTest {
    private final String modelsDir = SharedData.root().resolve("models").toString();

    @Test
    void modelDefaultsToHopenetLiteInTheModelsDir() {
        InferenceCommand cmd = new InferenceCommand();
        new CommandLine(cmd).parseArgs("--models-dir", modelsDir);
        InferenceConfig c = cmd.config();
        assertEquals(SharedData.hopenet(), c.modelPath());
        assertEquals(InferenceConfig.defaults(SharedData.hopenet()), c);
    }

    @Test
    void flagsReachTheConfig() {
        InferenceCommand cmd = new InferenceCommand();
        new CommandLine(cmd).parseArgs("--model", SharedData.hopenet().toString(), "--threads", "2", "--max-batch", "32",
                "--group-id", "g2", "--max-age-ms", "2500", "--mirror");
        assertEquals(new InferenceConfig(SharedData.hopenet(), 2, 32, "g2", Duration.ofMillis(2500), true), cmd.config());

        InferenceCommand off = new InferenceCommand();
        new CommandLine(off).parseArgs("--models-dir", modelsDir, "--mirror=false");
        assertEquals(false, off.config().mirror());
    }

    @Test
    void badConfigurationExitsWithTwoAndNamesTheFlag() {
        assertEquals("--max-batch", firstWordOfErrorAfterRunning(2, "--models-dir", modelsDir, "--max-batch", "0"));
        assertEquals("--model:", firstWordOfErrorAfterRunning(2, "--model", "/nonexistent/hopenet.onnx"));
    }

    private static String firstWordOfErrorAfterRunning(int expectedExit, String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = CommandRunner.run(new InferenceCommand(), args);
        } finally {
            System.setErr(original);
        }
        String message = err.toString(StandardCharsets.UTF_8).trim();
        assertEquals(expectedExit, exit, message);
        assertTrue(message.startsWith("heed: "), message);
        return message.substring("heed: ".length()).split(" ")[0];
    }
}
