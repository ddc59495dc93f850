package dev.heed.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.inference.model.PoseEstimators;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelsCommandTest {
    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new ModelsCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute(args));
        return out.toString();
    }

    @Test
    void listsEveryEstimatorWithItsContractAndFiles() {
        String out = run("--models-dir", SharedData.root().resolve("models").toString());
        for (String name : PoseEstimators.names()) {
            assertTrue(out.lines().anyMatch(l -> l.equals(name) || l.equals(name + " (default)")), name + " not listed:\n" + out);
        }
        assertTrue(out.contains("120x120 BGR") && out.contains("moved down 0.14"), out);
        assertTrue(out.contains("3ddfa-v2-mb05-pose.onnx (present)"), out);
        assertFalse(out.contains("MISSING"), out);
        // A :weighted ensemble says its weights (1 / measured MAE: 3ddfa 3.57, fsanet 4.88), an equal one says so.
        assertTrue(out.contains("weighted mean per angle (1 / each one's measured MAE): 3ddfa 0.58, fsanet 0.42"), out);
        assertTrue(out.contains("equal-weight mean per angle"), out);
    }

    @Test
    void saysWhichFilesAreMissing(@TempDir Path empty) {
        String out = run("--models-dir", empty.toString());
        assertTrue(out.contains("fsanet-var.onnx (MISSING)") && out.contains("missing ["), out);
    }
}
