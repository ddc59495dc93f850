package dev.heed.ingest.preview;

import java.time.Duration;

/**
 * How the live preview runs. Validated on construction.
 *
 * @param clients           who may open it (loopback, plus the networks of --preview-allow)
 * @param maxWidth          frames wider than this are scaled down to it before JPEG encoding, pixels
 * @param jpegQuality       JPEG quality of the preview frames, 1-100
 * @param frameHistory      how far back a viewer can step, capture time
 * @param frameHistoryBytes cap on the JPEG bytes kept per watched camera for stepping back (oldest dropped first)
 * @param timeline          how far back the per-person timeline goes (poses, states, alerts), event time
 * @param maxViewers        open event streams at once, over all cameras; more are refused (503)
 * @param defaultCone       the attending cone of a camera without a policy: the aggregator's defaults
 */
public record PreviewSettings(AllowedClients clients, int maxWidth, int jpegQuality, Duration frameHistory, long frameHistoryBytes,
                              Duration timeline, int maxViewers, AttendingCone defaultCone) {
    /** A 640 px JPEG at quality 75 of a room is 30-60 KB: 16 MiB holds a minute at 5 samples a second. */
    public static final long DEFAULT_FRAME_HISTORY_BYTES = 16L << 20;

    public PreviewSettings {
        if (clients == null || defaultCone == null) {
            throw new IllegalArgumentException("preview settings need the allowed clients and a default cone");
        }
        if (maxWidth < 64 || maxWidth > 4096) {
            throw new IllegalArgumentException("preview width must be 64-4096 pixels, got " + maxWidth);
        }
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("preview JPEG quality must be 1-100, got " + jpegQuality);
        }
        if (frameHistory.isNegative() || frameHistory.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("preview frame history must be 0-10 minutes, got " + frameHistory);
        }
        if (frameHistoryBytes < 1 << 20 || frameHistoryBytes > 1L << 30) {
            throw new IllegalArgumentException("preview frame history must be 1 MiB to 1 GiB per camera, got " + frameHistoryBytes + " bytes");
        }
        if (timeline.compareTo(Duration.ofSeconds(10)) < 0 || timeline.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("preview timeline must be 10 s to 1 hour, got " + timeline);
        }
        if (maxViewers < 1 || maxViewers > 64) {
            throw new IllegalArgumentException("preview viewers must be 1-64, got " + maxViewers);
        }
    }

    /** Loopback only, 640 px at quality 75, a minute to step back through (16 MiB), 5 minutes of timeline, 8 viewers. */
    public static PreviewSettings defaults(AllowedClients clients, AttendingCone defaultCone) {
        return new PreviewSettings(clients, 640, 75, Duration.ofMinutes(1), DEFAULT_FRAME_HISTORY_BYTES, Duration.ofMinutes(5), 8,
                defaultCone);
    }
}
