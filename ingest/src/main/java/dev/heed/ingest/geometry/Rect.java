package dev.heed.ingest.geometry;

/**
 * An axis-aligned rectangle in frame pixels (origin top-left). Floats, because detector boxes are
 * sub-pixel and a crop box may extend past the frame edges.
 */
public record Rect(float x, float y, float width, float height) {
    public Rect {
        if (!(width >= 0) || !(height >= 0) || !Float.isFinite(x) || !Float.isFinite(y) || !Float.isFinite(width) || !Float.isFinite(height)) {
            throw new IllegalArgumentException("rect needs finite x, y and width, height >= 0, got " + x + "," + y + " " + width + "x" + height);
        }
    }

    public float right() {
        return x + width;
    }

    public float bottom() {
        return y + height;
    }

    public float centreX() {
        return x + width / 2;
    }

    public float centreY() {
        return y + height / 2;
    }

    public float area() {
        return width * height;
    }

    /** Intersection over union, 0 when the rectangles do not overlap or both are empty. */
    public float iou(Rect o) {
        float iw = Math.min(right(), o.right()) - Math.max(x, o.x);
        float ih = Math.min(bottom(), o.bottom()) - Math.max(y, o.y);
        if (iw <= 0 || ih <= 0) {
            return 0f;
        }
        float inter = iw * ih;
        return inter / (area() + o.area() - inter);
    }

    public boolean contains(float px, float py) {
        return px >= x && px <= right() && py >= y && py <= bottom();
    }
}
