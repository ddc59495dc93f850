package dev.heed.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.cli.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AggregatorCommandTest {
    @TempDir
    Path dir;

    @Test
    void flagsBecomeTheConfig() {
        AggregatorCommand cmd = new AggregatorCommand();
        new CommandLine(cmd).parseArgs(
                "--application-id", "agg-test", "--yaw-tolerance-deg", "20", "--pitch-tolerance-deg", "15",
                "--window-sizes", "5s,30s", "--window-grace", "500ms", "--long-distraction", "4s",
                "--track-idle-timeout", "1m", "--state-dir", dir.toString(), "--commit-interval", "1s",
                "--processing-guarantee", "AT_LEAST_ONCE", "--suppress-buffer-bytes", "2097152");
        AggregatorConfig c = cmd.toConfig();
        assertEquals(new AggregatorConfig("agg-test", 20, 15, List.of(Duration.ofSeconds(5), Duration.ofSeconds(30)),
                Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofMinutes(1), dir, Duration.ofSeconds(1),
                ProcessingGuarantee.AT_LEAST_ONCE, 2097152), c);
    }

    @Test
    void withoutFlagsTheDefaultsApply() {
        AggregatorCommand cmd = new AggregatorCommand();
        new CommandLine(cmd).parseArgs("--state-dir", dir.toString());
        assertEquals(AggregatorConfig.defaults(dir), cmd.toConfig());
    }

    @Test
    void aBadValueExitsWithTheConfigErrorCodeAndNamesTheFlag() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = CommandRunner.run(new AggregatorCommand(), "--state-dir", dir.toString(), "--window-sizes", "1500ms",
                    "--http-port", "-1");
        } finally {
            System.setErr(old);
        }
        assertEquals(CommandRunner.EXIT_CONFIG_ERROR, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--window-sizes"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheEnvironmentVariables() {
        String usage = new CommandLine(new AggregatorCommand()).getUsageMessage();
        for (String env : List.of("HEED_BOOTSTRAP_SERVERS", "HEED_HTTP_PORT", "HEED_AGGREGATOR_WINDOW_SIZES",
                "HEED_AGGREGATOR_LONG_DISTRACTION", "HEED_AGGREGATOR_STATE_DIR", "HEED_AGGREGATOR_PROCESSING_GUARANTEE")) {
            assertTrue(usage.contains(env), env);
        }
    }
}
