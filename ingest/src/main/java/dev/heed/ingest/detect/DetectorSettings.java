package dev.heed.ingest.detect;

/**
 * How a face detector runs and filters its output.
 *
 * @param inputSize       side of the square network input in pixels, a multiple of 32 (64-2048), or
 *                        {@link #AUTO_INPUT_SIZE}; frames are letterboxed into it. A model with a fixed input runs at
 *                        its own size (auto) and refuses another.
 * @param scoreThreshold  minimum score to keep a face, (0, 1]
 * @param nmsIouThreshold boxes overlapping a better one by more than this IoU are dropped, (0, 1]
 * @param topK            at most this many faces per frame, after non-maximum suppression
 * @param minFaceSize     faces whose box is smaller than this on its longer side (pixels) are dropped; 0 keeps all
 * @param intraOpThreads  ONNX Runtime intra-op threads
 */
public record DetectorSettings(int inputSize, float scoreThreshold, float nmsIouThreshold, int topK, float minFaceSize, int intraOpThreads) {
    /**
     * The network input follows the frame (a model with a dynamic input): the frame's own resolution, its longer side
     * brought into [640, 1920] (see NetworkInput); a model with a fixed input runs at its own size.
     */
    public static final int AUTO_INPUT_SIZE = 0;
    public static final int DEFAULT_INPUT_SIZE = AUTO_INPUT_SIZE;
    /** MODELS.md: OpenCV's default 0.9 misses many faces on AFLW2000; 0.5 missed 1 of 552. */
    public static final float DEFAULT_SCORE_THRESHOLD = 0.5f;
    public static final float DEFAULT_NMS_IOU_THRESHOLD = 0.3f;
    public static final int DEFAULT_TOP_K = 50;

    public DetectorSettings {
        if (inputSize != AUTO_INPUT_SIZE && (inputSize < 64 || inputSize > 2048 || inputSize % 32 != 0)) {
            throw new IllegalArgumentException("detector input size must be auto or a multiple of 32 from 64 to 2048, got " + inputSize);
        }
        if (!(scoreThreshold > 0 && scoreThreshold <= 1)) {
            throw new IllegalArgumentException("score threshold must be in (0, 1], got " + scoreThreshold);
        }
        if (!(nmsIouThreshold > 0 && nmsIouThreshold <= 1)) {
            throw new IllegalArgumentException("NMS IoU threshold must be in (0, 1], got " + nmsIouThreshold);
        }
        if (topK < 1) {
            throw new IllegalArgumentException("top-k must be >= 1, got " + topK);
        }
        if (!(minFaceSize >= 0)) {
            throw new IllegalArgumentException("minimum face size must be >= 0 pixels, got " + minFaceSize);
        }
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be >= 1, got " + intraOpThreads);
        }
    }

    public static DetectorSettings defaults() {
        return new DetectorSettings(DEFAULT_INPUT_SIZE, DEFAULT_SCORE_THRESHOLD, DEFAULT_NMS_IOU_THRESHOLD, DEFAULT_TOP_K, 0f, 1);
    }

    public DetectorSettings withInputSize(int size) {
        return new DetectorSettings(size, scoreThreshold, nmsIouThreshold, topK, minFaceSize, intraOpThreads);
    }

    public DetectorSettings withMinFaceSize(float pixels) {
        return new DetectorSettings(inputSize, scoreThreshold, nmsIouThreshold, topK, pixels, intraOpThreads);
    }
}
