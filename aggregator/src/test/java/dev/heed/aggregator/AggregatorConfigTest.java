package dev.heed.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregatorConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheDocumentedOnes() {
        AggregatorConfig c = AggregatorConfig.defaults(dir);
        assertEquals("heed-aggregator", c.applicationId());
        assertEquals(30, c.yawToleranceDeg());
        assertEquals(25, c.pitchToleranceDeg());
        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(60)), c.windowSizes());
        assertEquals(Duration.ofSeconds(2), c.windowGrace());
        assertEquals(Duration.ofSeconds(3), c.longDistraction());
        assertEquals(ProcessingGuarantee.EXACTLY_ONCE_V2, c.processingGuarantee());
        assertEquals("default", c.defaultRule().policyId());
    }

    @Test
    void everyBadValueIsRejectedNamingItsFlag() {
        AggregatorConfig ok = AggregatorConfig.defaults(dir);
        assertRejected("--application-id", () -> ok.withApplicationId("has space"));
        assertRejected("--window-sizes", () -> ok.withWindowSizes(List.of()));
        assertRejected("--window-sizes", () -> ok.withWindowSizes(List.of(Duration.ofMillis(1500))));
        assertRejected("--window-sizes", () -> ok.withWindowSizes(List.of(Duration.ofSeconds(10), Duration.ofSeconds(10))));
        assertRejected("--yaw-tolerance-deg", () -> with(ok, c -> new AggregatorConfig(c.applicationId(), 0, 25,
                c.windowSizes(), c.windowGrace(), c.longDistraction(), c.trackIdleTimeout(), c.stateDir(), c.commitInterval(),
                c.processingGuarantee(), c.suppressBufferBytes())));
        assertRejected("--pitch-tolerance-deg", () -> with(ok, c -> new AggregatorConfig(c.applicationId(), 30, 181,
                c.windowSizes(), c.windowGrace(), c.longDistraction(), c.trackIdleTimeout(), c.stateDir(), c.commitInterval(),
                c.processingGuarantee(), c.suppressBufferBytes())));
        assertRejected("--window-grace", () -> with(ok, c -> new AggregatorConfig(c.applicationId(), 30, 25,
                c.windowSizes(), Duration.ofMillis(-1), c.longDistraction(), c.trackIdleTimeout(), c.stateDir(), c.commitInterval(),
                c.processingGuarantee(), c.suppressBufferBytes())));
        assertRejected("--long-distraction", () -> with(ok, c -> new AggregatorConfig(c.applicationId(), 30, 25,
                c.windowSizes(), c.windowGrace(), Duration.ZERO, c.trackIdleTimeout(), c.stateDir(), c.commitInterval(),
                c.processingGuarantee(), c.suppressBufferBytes())));
        assertRejected("--track-idle-timeout", () -> with(ok, c -> new AggregatorConfig(c.applicationId(), 30, 25,
                c.windowSizes(), c.windowGrace(), c.longDistraction(), Duration.ofMillis(10), c.stateDir(), c.commitInterval(),
                c.processingGuarantee(), c.suppressBufferBytes())));
        assertRejected("--commit-interval", () -> with(ok, c -> new AggregatorConfig(c.applicationId(), 30, 25,
                c.windowSizes(), c.windowGrace(), c.longDistraction(), c.trackIdleTimeout(), c.stateDir(), Duration.ZERO,
                c.processingGuarantee(), c.suppressBufferBytes())));
        assertRejected("--processing-guarantee", () -> ok.withProcessingGuarantee(null));
        assertRejected("--suppress-buffer-bytes", () -> with(ok, c -> new AggregatorConfig(c.applicationId(), 30, 25,
                c.windowSizes(), c.windowGrace(), c.longDistraction(), c.trackIdleTimeout(), c.stateDir(), c.commitInterval(),
                c.processingGuarantee(), 1000)));
    }

    @Test
    void durationsParseInBothSyntaxes() {
        assertEquals(Duration.ofMillis(500), Durations.parse("--x", "500ms"));
        assertEquals(Duration.ofSeconds(10), Durations.parse("--x", "10s"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("--x", " 2m "));
        assertEquals(Duration.ofSeconds(10), Durations.parse("--x", "PT10S"));
        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofMinutes(1)), Durations.parseList("--x", "10s,60s"));
        assertRejected("--x", () -> Durations.parse("--x", "ten seconds"));
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
    }

    private static AggregatorConfig with(AggregatorConfig c, Function<AggregatorConfig, AggregatorConfig> f) {
        return f.apply(c);
    }

    private static void assertRejected(String flag, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().startsWith(flag), ex.getMessage());
    }
}
