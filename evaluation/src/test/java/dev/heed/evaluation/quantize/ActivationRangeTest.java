package dev.heed.evaluation.quantize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ActivationRangeTest {
    @Test
    void mapsTheRangeWithZeroOnto0To255WithZeroExact() {
        ActivationRange r = new ActivationRange(-1f, 3f);
        assertEquals(4f / 255f, r.scale(), 1e-7);
        assertEquals(64, r.zeroPoint(), "0.0 is code round(1 / (4/255)) = round(63.75)");
    }

    @Test
    void aRangeAboveZeroStillStartsAtZeroSoReluOutputsKeepTheirZeros() {
        ActivationRange r = new ActivationRange(0.5f, 2f);
        assertEquals(2f / 255f, r.scale(), 1e-7);
        assertEquals(0, r.zeroPoint());
    }

    @Test
    void aRangeBelowZeroPutsZeroAtTheTopCode() {
        assertEquals(255, new ActivationRange(-3f, -1f).zeroPoint());
    }

    @Test
    void anAllZeroTensorGetsAUsableScale() {
        ActivationRange r = new ActivationRange(0f, 0f);
        assertEquals(1f, r.scale());
        assertEquals(0, r.zeroPoint());
    }

    @Test
    void widenCoversNewValuesAndRejectsInvertedRanges() {
        ActivationRange r = new ActivationRange(0f, 1f).widen(-2f).widen(0.5f).widen(5f);
        assertEquals(-2f, r.lowest());
        assertEquals(5f, r.highest());
        assertThrows(IllegalArgumentException.class, () -> new ActivationRange(1f, 0f));
        assertThrows(IllegalArgumentException.class, () -> new ActivationRange(Float.NaN, 0f));
    }
}
