package dev.heed.ingest.source;

import dev.heed.common.image.BgrImage;

/**
 * One decoded, sampled frame.
 *
 * @param image          the pixels, BGR
 * @param frameNumber    index of the decoded frame since the source was opened, from 0 (frames skipped by
 *                       sampling count too)
 * @param streamMicros   the frame's time on the source's own clock, microseconds from the first frame;
 *                       keeps increasing across loops of a file
 * @param captureTimeMs  wall-clock capture time, Unix epoch ms: the wall clock at the first frame (for a live
 *                       stream, when the connection was opened) plus {@code streamMicros}
 * @param decodedAtNanos {@link System#nanoTime()} when the frame came out of the decoder, for latency metrics
 */
public record VideoFrame(BgrImage image, long frameNumber, long streamMicros, long captureTimeMs, long decodedAtNanos) {
}
