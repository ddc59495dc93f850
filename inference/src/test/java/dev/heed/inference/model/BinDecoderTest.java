package dev.heed.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BinDecoderTest {
    private final BinDecoder decoder = BinDecoder.HOPENET;

    @Test
    void uniformSpreadIsTheStandardDeviationOfThe66BinAngles() {
        double mean = 0;
        for (int i = 0; i < 66; i++) {
            mean += (3 * i - 99) / 66.0;
        }
        double variance = 0;
        for (int i = 0; i < 66; i++) {
            variance += Math.pow(3 * i - 99 - mean, 2) / 66.0;
        }
        assertEquals(Math.sqrt(variance), decoder.uniformSpreadDeg(), 1e-9);
        assertEquals(57.16, decoder.uniformSpreadDeg(), 0.01);
    }

    @Test
    void uniformLogitsMeanNothingIsKnown() {
        float[] logits = new float[66];
        Arrays.fill(logits, 3.7f);
        AngleEstimate e = decoder.decode(logits);
        // The expectation over bin angles -99, -96, ..., 96.
        assertEquals(-1.5, e.degrees(), 1e-9);
        assertEquals(decoder.uniformSpreadDeg(), e.spreadDeg(), 1e-9);
        assertEquals(0.0, e.confidence(), 1e-9);
    }

    @Test
    void onePeakedBinGivesItsAngleWithConfidenceNearOne() {
        float[] logits = new float[66];
        logits[40] = 30f;
        AngleEstimate e = decoder.decode(logits);
        assertEquals(40 * 3 - 99, e.degrees(), 1e-6);
        assertTrue(e.spreadDeg() < 1e-3, "spread " + e.spreadDeg());
        assertTrue(e.confidence() > 0.999, "confidence " + e.confidence());
    }

    @Test
    void twoEqualBinsGiveTheirMidpointAndHalfTheirDistanceAsSpread() {
        float[] logits = new float[66];
        Arrays.fill(logits, -1000f);
        logits[10] = 5f;
        logits[20] = 5f;
        AngleEstimate e = decoder.decode(logits);
        assertEquals(15 * 3 - 99, e.degrees(), 1e-9);
        assertEquals(15.0, e.spreadDeg(), 1e-9);
        assertEquals(1 - 15.0 / decoder.uniformSpreadDeg(), e.confidence(), 1e-9);
    }

    @Test
    void angleIsTheSoftmaxExpectationOfTheBinIndexTimesThreeMinus99() {
        float[] logits = new float[66];
        for (int i = 0; i < 66; i++) {
            logits[i] = (float) (-0.01 * (i - 30) * (i - 30) + 0.3 * Math.sin(i));
        }
        double sum = 0;
        double weighted = 0;
        for (int i = 0; i < 66; i++) {
            double p = Math.exp(logits[i]);
            sum += p;
            weighted += p * i;
        }
        assertEquals(weighted / sum * 3 - 99, decoder.decode(logits).degrees(), 1e-9);
    }

    @Test
    void largeLogitsDoNotOverflow() {
        float[] logits = new float[66];
        Arrays.fill(logits, 1e30f);
        logits[0] = 1e30f + 1e24f;
        AngleEstimate e = decoder.decode(logits);
        assertEquals(-99, e.degrees(), 1e-6);
    }

    @Test
    void decodesOneRowOfABatchOutput() {
        float[] batch = new float[3 * 66];
        batch[66 + 50] = 40f;
        assertEquals(50 * 3 - 99, decoder.decode(batch, 66).degrees(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(batch, 2 * 66 + 1));
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(new float[65]));
    }}
