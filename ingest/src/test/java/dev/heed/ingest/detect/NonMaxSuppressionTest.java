package dev.heed.ingest.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heed.ingest.geometry.Rect;
import java.util.List;
import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {
    private static Detection det(float x, float y, float size, float score) {
        return new Detection(new Rect(x, y, size, size), score, new float[10]);
    }

    @Test
    void keepsTheBestOfOverlappingBoxesAndAllSeparateOnesBestFirst() {
        Detection a = det(0, 0, 100, 0.7f);
        Detection aBetter = det(5, 5, 100, 0.9f); // IoU with a about 0.82
        Detection b = det(300, 0, 100, 0.8f);
        Detection slightOverlap = det(80, 0, 100, 0.6f); // IoU with aBetter about 0.1: kept

        List<Detection> kept = NonMaxSuppression.apply(List.of(a, aBetter, b, slightOverlap), 0.3f, 50);

        assertEquals(List.of(aBetter, b, slightOverlap), kept);
    }

    @Test
    void stopsAtTopK() {
        List<Detection> kept = NonMaxSuppression.apply(
                List.of(det(0, 0, 10, 0.5f), det(100, 0, 10, 0.9f), det(200, 0, 10, 0.7f)), 0.3f, 2);
        assertEquals(List.of(0.9f, 0.7f), kept.stream().map(Detection::score).toList());
    }
}
