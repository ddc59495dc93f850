package dev.heed.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.inference.model.ContractSettings;
import dev.heed.inference.model.ExecutionProvider;
import dev.heed.inference.model.ModelConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class InferenceConfigTest {
    private final Path model = SharedData.hopenet();

    @Test
    void defaultsAreTheDocumentedOnes() {
        InferenceConfig c = InferenceConfig.defaults(model);
        assertEquals(1, c.model().intraOpThreads());
        assertEquals(ExecutionProvider.AUTO, c.model().provider());
        assertEquals(8, c.maxBatch());
        assertEquals(Duration.ofMillis(20), c.maxWait());
        assertEquals("heed-inference", c.groupId());
        assertEquals(Duration.ofSeconds(10), c.maxAge());
        assertEquals(false, c.model().mirror());
    }

    @Test
    void eachBadValueNamesItsFlag() {
        ModelConfig m = ModelConfig.defaults(model);
        Duration wait = Duration.ofMillis(20);
        assertFlag("--model", () -> new InferenceConfig(null, 16, wait, "g", Duration.ofSeconds(1)));
        assertFlag("--model", () -> ModelConfig.defaults(null));
        assertFlag("--model", () -> ModelConfig.defaults(model.resolveSibling("missing.onnx")));
        assertFlag("--threads", () -> new ModelConfig(model, 0, ExecutionProvider.AUTO, false, ContractSettings.NONE));
        assertFlag("--provider", () -> new ModelConfig(model, 1, null, false, ContractSettings.NONE));
        assertFlag("--max-batch", () -> new InferenceConfig(m, 0, wait, "g", Duration.ofSeconds(1)));
        assertFlag("--max-batch", () -> new InferenceConfig(m, InferenceConfig.MAX_BATCH_LIMIT + 1, wait, "g", Duration.ofSeconds(1)));
        assertFlag("--max-wait-ms", () -> new InferenceConfig(m, 16, Duration.ofMillis(-1), "g", Duration.ofSeconds(1)));
        assertFlag("--max-wait-ms", () -> new InferenceConfig(m, 16, Duration.ofSeconds(6), "g", Duration.ofSeconds(1)));
        assertFlag("--group-id", () -> new InferenceConfig(m, 16, wait, " ", Duration.ofSeconds(1)));
        assertFlag("--max-age-ms", () -> new InferenceConfig(m, 16, wait, "g", Duration.ZERO));
        assertFlag("--input-size", () -> new ContractSettings(4, null, null, null, null, null, null, null, null, null));
        assertFlag("--std", () -> new ContractSettings(null, null, null, null, List.of(1f, 0f, 1f), null, null, null, null, null));
        assertFlag("--mean", () -> new ContractSettings(null, null, null, List.of(1f, 2f), null, null, null, null, null, null));
        assertFlag("--bins", () -> new ContractSettings(null, null, null, null, null, 1, null, null, null, null));
    }

    private static void assertFlag(String flag, Executable construct) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct);
        assertTrue(e.getMessage().startsWith(flag), e.getMessage());
    }
}
