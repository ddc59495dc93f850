package dev.heed.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.cli.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import dev.heed.inference.model.ChannelOrder;
import dev.heed.inference.model.ContractSettings;
import dev.heed.inference.model.ExecutionProvider;
import dev.heed.inference.model.ModelConfig;
import dev.heed.inference.model.ModelOutput;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class InferenceCommandTest {
    private final String modelsDir = SharedData.root().resolve("models").toString();

    @Test
    void modelDefaultsToHopenetLiteInTheModelsDir() {
        InferenceCommand cmd = new InferenceCommand();
        parser(cmd).parseArgs("--models-dir", modelsDir);
        InferenceConfig c = cmd.config();
        assertEquals(SharedData.hopenet(), c.model().modelPath());
        assertEquals(InferenceConfig.defaults(SharedData.hopenet()), c);
    }

    @Test
    void flagsReachTheConfig() {
        InferenceCommand cmd = new InferenceCommand();
        parser(cmd).parseArgs("--model", SharedData.hopenet().toString(), "--threads", "2", "--max-batch", "32",
                "--max-wait-ms", "5", "--group-id", "g2", "--max-age-ms", "2500", "--mirror", "--provider", "CPU",
                "--input-size", "224", "--channel-order", "bgr", "--mean", "1,2,3", "--std", "4,5,6", "--pixel-scale", "1",
                "--bins", "66", "--bin-width-deg", "3", "--bin-offset-deg", "-99", "--model-output", "degrees",
                "--degrees-output", "ypr_deg");
        ContractSettings contract = new ContractSettings(224, ChannelOrder.BGR, 1f, List.of(1f, 2f, 3f), List.of(4f, 5f, 6f),
                66, 3.0, -99.0, ModelOutput.DEGREES, "ypr_deg");
        assertEquals(new InferenceConfig(new ModelConfig(SharedData.hopenet(), 2, ExecutionProvider.CPU, true, contract), 32,
                Duration.ofMillis(5), "g2", Duration.ofMillis(2500)), cmd.config());

        InferenceCommand off = new InferenceCommand();
        parser(off).parseArgs("--models-dir", modelsDir, "--mirror=false");
        assertEquals(false, off.config().model().mirror());
        assertEquals(ContractSettings.NONE, off.config().model().contract());
    }

    @Test
    void badConfigurationExitsWithTwoAndNamesTheFlag() {
        assertEquals("--max-batch", firstWordOfErrorAfterRunning(2, "--models-dir", modelsDir, "--max-batch", "0"));
        assertEquals("--model:", firstWordOfErrorAfterRunning(2, "--model", "/nonexistent/hopenet.onnx"));
        assertEquals("--mean", firstWordOfErrorAfterRunning(2, "--models-dir", modelsDir, "--mean", "0.5,x,0.5"));
        assertEquals("--max-wait-ms", firstWordOfErrorAfterRunning(2, "--models-dir", modelsDir, "--max-wait-ms", "-3"));
    }

    /** Like CommandRunner's: enum values in any case. */
    private static CommandLine parser(InferenceCommand cmd) {
        return new CommandLine(cmd).setCaseInsensitiveEnumValuesAllowed(true);
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
