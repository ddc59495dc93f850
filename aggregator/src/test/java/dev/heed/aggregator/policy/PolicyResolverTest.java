package dev.heed.aggregator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.aggregator.AggregatorMetrics;
import dev.heed.proto.v1.AttentionPolicy;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

class PolicyResolverTest {
    private static final AttentionSettings D = AggregatorConfig.DEFAULT_SETTINGS;

    @Test
    void unsetFieldsTakeTheDefaultsAndSetOnesOverride() {
        AttentionSettings s = PolicyResolver.merge("room-1", AttentionPolicy.newBuilder().setYaw0Deg(40).setPitch0Deg(-10)
                .setLongDistractionMs(4000).setMinDwellMs(0).setAbsentAlerts(true).build(), D);
        assertEquals(new AttentionSettings("room-1", 40, -10, D.yawToleranceDeg(), D.pitchToleranceDeg(),
                D.hysteresisMarginDeg(), 0, D.minConfidence(), 4000, D.timeSharingTotalMs(), D.timeSharingSpanMs(),
                D.absentAfterMs(), true), s);
    }

    @Test
    void explicitZeroesAreValuesWhereZeroMeansSomething() {
        AttentionSettings s = PolicyResolver.merge("p", AttentionPolicy.newBuilder().setHysteresisMarginDeg(0)
                .setMinConfidence(0).setAbsentAlerts(false).build(), D.withFilter(5, 400));
        assertEquals(0, s.hysteresisMarginDeg());
        assertEquals(0, s.minConfidence());
    }

    @Test
    void aPolicyFromANewerSchemaIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> PolicyResolver.merge("p", AttentionPolicy.newBuilder().setSchemaVersion(2).build(), D));
    }

    @Test
    void noPolicyOrAnInvalidOneGivesTheDefaultsAndAnInvalidVersionIsCountedOnce() {
        AggregatorMetrics metrics = new AggregatorMetrics(new PrometheusRegistry());
        PolicyResolver r = new PolicyResolver(D, metrics);
        assertSame(D, r.resolve("cam-1", null));
        AttentionPolicy bad = AttentionPolicy.newBuilder().setYawToleranceDeg(-1).build();
        for (int i = 0; i < 3; i++) {
            assertSame(D, r.resolve("cam-1", bad));
        }
        assertEquals(1, metrics.invalidPolicies("cam-1"));
        AttentionPolicy good = AttentionPolicy.newBuilder().setYaw0Deg(10).build();
        assertEquals(10, r.resolve("cam-1", good).yaw0Deg());
        assertSame(r.resolve("cam-1", good), r.resolve("cam-1", good), "resolved once per version");
    }
}
