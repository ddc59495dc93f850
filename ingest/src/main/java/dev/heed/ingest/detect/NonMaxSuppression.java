package dev.heed.ingest.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression: keeps the best box of each cluster of overlapping boxes. */
final class NonMaxSuppression {
    private NonMaxSuppression() {
    }

    /** The kept detections, best first: each overlaps no better kept one by more than {@code iouThreshold}. */
    static List<Detection> apply(List<Detection> candidates, float iouThreshold, int topK) {
        List<Detection> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection d : sorted) {
            if (kept.size() >= topK) {
                break;
            }
            boolean suppressed = false;
            for (Detection k : kept) {
                if (k.box().iou(d.box()) > iouThreshold) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(d);
            }
        }
        return kept;
    }
}
