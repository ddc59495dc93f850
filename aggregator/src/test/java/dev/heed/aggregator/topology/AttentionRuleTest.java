package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttentionRuleTest {
    private final AttentionRule rule = AttentionRule.defaultRule(30, 25);

    @Test
    void toleranceBoundsAreInclusive() {
        assertTrue(rule.isAttending(30, 25));
        assertTrue(rule.isAttending(-30, -25));
        assertFalse(rule.isAttending(30.01, 0));
        assertFalse(rule.isAttending(0, -25.01));
        assertEquals("default", rule.policyId());
    }

    @Test
    void yawDistanceWrapsAroundTheBackOfTheHead() {
        AttentionRule backwards = new AttentionRule("board-behind", 170, 0, 30, 25);
        assertTrue(backwards.isAttending(-170, 0), "-170 is 20 degrees from 170");
        assertFalse(backwards.isAttending(130, 0));
    }

    @Test
    void nonsenseTolerancesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> AttentionRule.defaultRule(0, 25));
        assertThrows(IllegalArgumentException.class, () -> AttentionRule.defaultRule(30, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new AttentionRule(" ", 0, 0, 30, 25));
    }
}
