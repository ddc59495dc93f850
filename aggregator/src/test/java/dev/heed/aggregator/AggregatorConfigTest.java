package dev.heed.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.aggregator.policy.AttentionSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregatorConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheDocumentedOnes() {
        AggregatorConfig c = AggregatorConfig.defaults(dir);
        assertEquals("heed-aggregator", c.applicationId());
        AttentionSettings a = c.attention();
        assertEquals("default", a.policyId());
        assertEquals(0, a.yaw0Deg());
        assertEquals(0, a.pitch0Deg());
        assertEquals(30, a.yawToleranceDeg());
        assertEquals(25, a.pitchToleranceDeg());
        assertEquals(5, a.hysteresisMarginDeg());
        assertEquals(400, a.minDwellMs());
        assertEquals(0, a.minConfidence());
        assertEquals(3000, a.longDistractionMs());
        assertEquals(10_000, a.timeSharingTotalMs());
        assertEquals(30_000, a.timeSharingSpanMs());
        assertEquals(5000, a.absentAfterMs());
        assertFalse(a.absentAlerts());
        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(60)), c.windowSizes());
        assertEquals(Duration.ofSeconds(2), c.grace());
        assertEquals(Duration.ofMinutes(5), c.trackIdleTimeout());
        assertEquals(ProcessingGuarantee.EXACTLY_ONCE_V2, c.processingGuarantee());
    }

    @Test
    void everyBadValueIsRejectedNamingItsFlag() {
        AggregatorConfig ok = AggregatorConfig.defaults(dir);
        assertRejected("--application-id", () -> ok.withApplicationId("has space"));
        assertRejected("--window-sizes", () -> ok.withWindowSizes(List.of()));
        assertRejected("--window-sizes", () -> ok.withWindowSizes(List.of(Duration.ofMillis(1500))));
        assertRejected("--window-sizes", () -> ok.withWindowSizes(List.of(Duration.ofSeconds(10), Duration.ofSeconds(10))));
        assertRejected("--grace", () -> ok.withGrace(Duration.ofMillis(-1)));
        assertRejected("--grace", () -> ok.withGrace(Duration.ofMinutes(2)));
        assertRejected("--track-idle-timeout", () -> ok.withTrackIdleTimeout(Duration.ofMillis(10)));
        assertRejected("--processing-guarantee", () -> ok.withProcessingGuarantee(null));
        assertRejected("--commit-interval", () -> new AggregatorConfig(ok.applicationId(), ok.attention(), ok.windowSizes(),
                ok.grace(), ok.trackIdleTimeout(), ok.stateDir(), Duration.ZERO, ok.processingGuarantee()));
        assertRejected("--yaw-tolerance-deg", () -> settings(0, 25, 5, 400, 3000, 10_000, 30_000, 5000));
        assertRejected("--pitch-tolerance-deg", () -> settings(30, 181, 5, 400, 3000, 10_000, 30_000, 5000));
        assertRejected("--hysteresis-margin-deg", () -> settings(30, 25, -1, 400, 3000, 10_000, 30_000, 5000));
        assertRejected("--min-dwell", () -> settings(30, 25, 5, -1, 3000, 10_000, 30_000, 5000));
        assertRejected("--long-distraction", () -> settings(30, 25, 5, 400, 0, 10_000, 30_000, 5000));
        assertRejected("--time-sharing-span", () -> settings(30, 25, 5, 400, 3000, 10_000, 7_200_000, 5000));
        assertRejected("--time-sharing-total", () -> settings(30, 25, 5, 400, 3000, 0, 30_000, 5000));
        assertRejected("--absent-after", () -> settings(30, 25, 5, 400, 3000, 10_000, 30_000, 0));
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

    private static AttentionSettings settings(double yawTol, double pitchTol, double margin, long dwell, long longDistraction,
                                              long tsTotal, long tsSpan, long absentAfter) {
        return new AttentionSettings("default", 0, 0, yawTol, pitchTol, margin, dwell, 0, longDistraction, tsTotal, tsSpan,
                absentAfter, false);
    }

    private static void assertRejected(String flag, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().startsWith(flag), ex.getMessage());
    }
}
