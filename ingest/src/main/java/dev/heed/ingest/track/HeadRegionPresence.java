package dev.heed.ingest.track;

import dev.heed.common.image.BgrImage;
import dev.heed.ingest.geometry.Rect;
import java.util.HashMap;
import java.util.Map;

/**
 * "Head still there" from the colours of the person around the face. The region: {@value #WIDTH_PER_FACE_WIDTH} face
 * widths wide, from {@value #ABOVE_PER_FACE_HEIGHT} face heights above the face box (hair) to
 * {@value #BELOW_PER_FACE_HEIGHT} below it (neck, shoulders, clothes). Its colour make-up is a histogram of
 * {@value #LEVELS}x{@value #LEVELS}x{@value #LEVELS} B, G, R bins; while the face is seen, each track keeps a running mean
 * of it. When the face is missing, the histogram of the same region at the last face box is compared with the track's:
 * the distance is the share of the region's colour that is new (1 - histogram intersection). A person who turns away,
 * looks down or shows the back of the head moves colours around inside the region (skin, hair, clothes) but keeps
 * them; a person who left leaves the wall, the chair or the row behind. The head is in place while the distance is
 * at most {@code maxChange}.
 *
 * <p>Why colours and not places: people move a little while they turn, and at 40-80 px a face's cells shift by a
 * cell or more; a histogram does not care where in the region a colour is. Measured on the 16 poses of one person
 * (../shared/data/faces, aws_IMG_*, faces 40, 55 and 80 px in a 1080p frame, JPEG; HeadRegionPresenceTest): turned,
 * looking up or down 0.03-0.16; the seat emptied (plain wall, the office behind) 0.24-0.80; ingest/README.md has more.
 *
 * <p>Why not a background model: a student who sits there from the first frame never shows the empty seat, so there
 * is no background to compare with; what is always known is how the person looked a moment ago. Its limits: someone
 * who leaves in front of a background of their own colours, a neighbour leaning into the region, and lighting that
 * changes while the face is hidden.
 */
public final class HeadRegionPresence implements HeadPresence {
    /** Between the most a turned head changed (0.16) and the least an emptied seat did (0.24), measured. */
    public static final double DEFAULT_MAX_CHANGE = 0.2;
    static final float WIDTH_PER_FACE_WIDTH = 2.0f;
    static final float ABOVE_PER_FACE_HEIGHT = 0.35f;
    static final float BELOW_PER_FACE_HEIGHT = 1.0f;
    static final int LEVELS = 4;
    private static final int SHIFT = 8 - Integer.numberOfTrailingZeros(LEVELS);
    /** Pixels sampled per region at most: a large face is sampled on a coarser grid. */
    private static final int MAX_SAMPLES = 4096;
    /** Weight of the newest face frame in a track's reference: quick to follow, steady against one odd frame. */
    private static final double LEARNING_RATE = 0.5;
    /** Less of the region than this inside the frame cannot be judged. */
    private static final double MIN_INSIDE = 1.0 / 3;

    private final double maxChange;
    private final Map<Long, double[]> references = new HashMap<>();

    /** @param maxChange the share of the region's colour that may be new while the head counts as in place, (0, 1) */
    public HeadRegionPresence(double maxChange) {
        if (!(maxChange > 0 && maxChange < 1)) {
            throw new IllegalArgumentException("presence max change must be between 0 and 1 (exclusive), got " + maxChange);
        }
        this.maxChange = maxChange;
    }

    @Override
    public void faceSeen(long trackId, BgrImage frame, Rect faceBox) {
        double[] now = histogram(frame, faceBox);
        if (now == null) {
            return;
        }
        double[] reference = references.get(trackId);
        if (reference == null) {
            references.put(trackId, now);
            return;
        }
        for (int i = 0; i < now.length; i++) {
            reference[i] += LEARNING_RATE * (now[i] - reference[i]);
        }
    }

    @Override
    public boolean headInPlace(long trackId, BgrImage frame, Rect lastFaceBox) {
        return change(trackId, frame, lastFaceBox) <= maxChange;
    }

    /** The share of the region's colour that is new against the track's reference, [0, 1]; 1 when it cannot be judged. */
    double change(long trackId, BgrImage frame, Rect lastFaceBox) {
        double[] reference = references.get(trackId);
        double[] now = histogram(frame, lastFaceBox);
        if (reference == null || now == null) {
            return 1;
        }
        double common = 0;
        for (int i = 0; i < now.length; i++) {
            common += Math.min(now[i], reference[i]);
        }
        return Math.max(0, 1 - common);
    }

    @Override
    public void forget(long trackId) {
        references.remove(trackId);
    }

    /** The normalised colour histogram of the region around the face box, or null if too little of it is in the frame. */
    static double[] histogram(BgrImage frame, Rect face) {
        double width = WIDTH_PER_FACE_WIDTH * face.width();
        double height = (ABOVE_PER_FACE_HEIGHT + 1 + BELOW_PER_FACE_HEIGHT) * face.height();
        double left = face.centreX() - width / 2;
        double top = face.y() - ABOVE_PER_FACE_HEIGHT * face.height();
        int x0 = (int) Math.max(0, Math.round(left));
        int y0 = (int) Math.max(0, Math.round(top));
        int x1 = (int) Math.min(frame.width(), Math.round(left + width));
        int y1 = (int) Math.min(frame.height(), Math.round(top + height));
        if (x1 <= x0 || y1 <= y0 || (double) (x1 - x0) * (y1 - y0) < MIN_INSIDE * width * height) {
            return null;
        }
        int step = (int) Math.max(1, Math.ceil(Math.sqrt((double) (x1 - x0) * (y1 - y0) / MAX_SAMPLES)));
        double[] bins = new double[LEVELS * LEVELS * LEVELS];
        byte[] bgr = frame.bgr();
        int n = 0;
        for (int y = y0; y < y1; y += step) {
            int p = (y * frame.width() + x0) * 3;
            for (int x = x0; x < x1; x += step, p += 3 * step) {
                int b = (bgr[p] & 0xff) >> SHIFT;
                int g = (bgr[p + 1] & 0xff) >> SHIFT;
                int r = (bgr[p + 2] & 0xff) >> SHIFT;
                bins[(b * LEVELS + g) * LEVELS + r]++;
                n++;
            }
        }
        for (int i = 0; i < bins.length; i++) {
            bins[i] /= n;
        }
        return bins;
    }
}
