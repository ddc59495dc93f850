package dev.heed.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.aggregator.policy.AttentionSettings;
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
                "--hysteresis-margin-deg", "3", "--min-dwell", "250ms", "--min-confidence", "0.4",
                "--long-distraction", "4s", "--time-sharing-total", "12s", "--time-sharing-span", "40s",
                "--absent-after", "7s", "--absent-alerts", "true",
                "--window-sizes", "5s,30s", "--grace", "500ms", "--track-idle-timeout", "1m", "--state-dir", dir.toString(),
                "--commit-interval", "1s", "--processing-guarantee", "AT_LEAST_ONCE");
        AggregatorConfig c = cmd.toConfig();
        assertEquals(new AggregatorConfig("agg-test",
                new AttentionSettings("default", 0, 0, 20, 15, 3, 250, 0.4, 4000, 12_000, 40_000, 7000, true),
                List.of(Duration.ofSeconds(5), Duration.ofSeconds(30)), Duration.ofMillis(500), Duration.ofMinutes(1), dir,
                Duration.ofSeconds(1), ProcessingGuarantee.AT_LEAST_ONCE), c);
    }

    @Test
    void withoutFlagsTheDefaultsApply() {
        AggregatorCommand cmd = new AggregatorCommand();
        new CommandLine(cmd).parseArgs("--state-dir", dir.toString());
        assertEquals(AggregatorConfig.defaults(dir), cmd.toConfig());
    }

    @Test
    void aBadValueExitsWithTheConfigErrorCodeAndNamesTheFlag() {
        for (String[] bad : List.of(new String[] {"--window-sizes", "1500ms"}, new String[] {"--hysteresis-margin-deg", "30"},
                new String[] {"--grace", "2h"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream old = System.err;
            int code;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                code = CommandRunner.run(new AggregatorCommand(), "--state-dir", dir.toString(), bad[0], bad[1], "--http-port", "-1");
            } finally {
                System.setErr(old);
            }
            assertEquals(CommandRunner.EXIT_CONFIG_ERROR, code);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains(bad[0]), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void helpListsTheEnvironmentVariables() {
        String usage = new CommandLine(new AggregatorCommand()).getUsageMessage();
        for (String env : List.of("HEED_BOOTSTRAP_SERVERS", "HEED_HTTP_PORT", "HEED_AGGREGATOR_WINDOW_SIZES",
                "HEED_AGGREGATOR_LONG_DISTRACTION", "HEED_AGGREGATOR_STATE_DIR", "HEED_AGGREGATOR_PROCESSING_GUARANTEE",
                "HEED_AGGREGATOR_GRACE", "HEED_AGGREGATOR_HYSTERESIS_MARGIN_DEG", "HEED_AGGREGATOR_MIN_DWELL",
                "HEED_AGGREGATOR_MIN_CONFIDENCE", "HEED_AGGREGATOR_TIME_SHARING_TOTAL", "HEED_AGGREGATOR_TIME_SHARING_SPAN",
                "HEED_AGGREGATOR_ABSENT_AFTER", "HEED_AGGREGATOR_ABSENT_ALERTS", "/people")) {
            assertTrue(usage.contains(env), env);
        }
    }
}
