package dev.heed.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class InferenceConfigTest {
    private final Path model = SharedData.hopenet();

    @Test
    void defaultsAreTheDocumentedOnes() {
        InferenceConfig c = InferenceConfig.defaults(model);
        assertEquals(1, c.intraOpThreads());
        assertEquals(16, c.maxBatch());
        assertEquals("heed-inference", c.groupId());
        assertEquals(Duration.ofSeconds(10), c.maxAge());
        assertEquals(false, c.mirror());
    }

    @Test
    void eachBadValueNamesItsFlag() {
        assertFlag("--model", () -> new InferenceConfig(null, 1, 16, "g", Duration.ofSeconds(1), false));
        assertFlag("--model", () -> new InferenceConfig(model.resolveSibling("missing.onnx"), 1, 16, "g", Duration.ofSeconds(1), false));
        assertFlag("--threads", () -> new InferenceConfig(model, 0, 16, "g", Duration.ofSeconds(1), false));
        assertFlag("--max-batch", () -> new InferenceConfig(model, 1, 0, "g", Duration.ofSeconds(1), false));
        assertFlag("--max-batch", () -> new InferenceConfig(model, 1, InferenceConfig.MAX_BATCH_LIMIT + 1, "g", Duration.ofSeconds(1), false));
        assertFlag("--group-id", () -> new InferenceConfig(model, 1, 16, " ", Duration.ofSeconds(1), false));
        assertFlag("--max-age-ms", () -> new InferenceConfig(model, 1, 16, "g", Duration.ZERO, false));
    }

    private static void assertFlag(String flag, Executable construct) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct);
        assertTrue(e.getMessage().startsWith(flag), e.getMessage());
    }
}
