package dev.heed.ingest;

import dev.heed.common.security.Redactor;
import dev.heed.ingest.InvalidCameraException.Setting;
import dev.heed.ingest.source.RtspUrl;
import dev.heed.ingest.source.SourceOptions;
import dev.heed.ingest.source.VideoSource;
import dev.heed.ingest.source.VideoSourceException;
import dev.heed.topics.PersonKey;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * One camera: its id, where its video comes from, how often to sample it and which attention policy applies
 * to the people it sees. Invalid values throw {@link InvalidCameraException}, which names the setting.
 *
 * @param cameraId          id used in record keys and metric labels ({@link PersonKey#CAMERA_ID})
 * @param source            a video file path (must exist) or an rtsp:// URL with a host
 * @param sampleFps         frames per second to analyse, (0, 60]
 * @param realtime          files are read at their own frame rate, like a live camera; false reads as fast as possible
 * @param loop              files start again at the end instead of finishing
 * @param attentionPolicyId the attention policy for this camera's people (FaceCrop.attention_policy_id); empty:
 *                          the aggregator uses the policy named like the camera, else its defaults
 */
public record CameraConfig(String cameraId, String source, double sampleFps, boolean realtime, boolean loop, String attentionPolicyId) {
    public CameraConfig {
        if (cameraId == null || cameraId.isBlank()) {
            throw new InvalidCameraException(Setting.ID, "is required");
        }
        try {
            PersonKey.requireValidCameraId(cameraId);
        } catch (IllegalArgumentException e) {
            throw new InvalidCameraException(Setting.ID, e.getMessage());
        }
        checkSource(source);
        if (!(sampleFps > 0 && sampleFps <= SourceOptions.MAX_SAMPLE_FPS)) {
            throw new InvalidCameraException(Setting.SAMPLE_FPS, "must be > 0 and <= " + (int) SourceOptions.MAX_SAMPLE_FPS + ", got " + sampleFps);
        }
        attentionPolicyId = attentionPolicyId == null ? "" : attentionPolicyId;
        if (!attentionPolicyId.isEmpty() && !PersonKey.CAMERA_ID.matcher(attentionPolicyId).matches()) {
            throw new InvalidCameraException(Setting.ATTENTION_POLICY, "a policy id is letters, digits, '.', '_', '-', up to 64 characters, "
                    + "or empty; got '" + attentionPolicyId + "'");
        }
    }

    private static void checkSource(String source) {
        if (source == null || source.isBlank()) {
            throw new InvalidCameraException(Setting.SOURCE, "is required: a video file path or an rtsp:// URL");
        }
        if (VideoSource.isRtsp(source)) {
            checkRtspUrl(source);
            return;
        }
        if (source.contains("://")) {
            throw new InvalidCameraException(Setting.SOURCE, "only video files and rtsp:// URLs are supported, got '"
                    + source.substring(0, source.indexOf("://") + 3) + "...'");
        }
        Path file;
        try {
            file = Path.of(source);
        } catch (InvalidPathException e) {
            throw new InvalidCameraException(Setting.SOURCE, "not a valid file path: " + e.getReason());
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidCameraException(Setting.SOURCE, "file not found: " + file.toAbsolutePath());
        }
    }

    private static void checkRtspUrl(String url) {
        try {
            RtspUrl.check(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidCameraException(Setting.SOURCE, "malformed rtsp:// URL: " + e.getMessage());
        }
    }

    /**
     * For a video file: opens it with FFmpeg and reads its header, so a file that is not a video FFmpeg can decode is
     * refused before anything starts, naming the setting. Live cameras are not contacted (they are retried when they
     * fail). Costs a few milliseconds per file.
     *
     * @throws InvalidCameraException naming the source setting, with FFmpeg's reason
     */
    public CameraConfig checkReadable() {
        if (isLive()) {
            return this;
        }
        try {
            VideoSource.probe(source);
            return this;
        } catch (VideoSourceException e) {
            throw new InvalidCameraException(Setting.SOURCE, "not a video Heed can read: " + e.getMessage());
        }
    }

    /** A camera with the defaults: 5 fps, realtime pacing of files, no looping, no attention policy. */
    public static CameraConfig of(String cameraId, String source) {
        return new CameraConfig(cameraId, source, SourceOptions.DEFAULT_SAMPLE_FPS, true, false, "");
    }

    public boolean isLive() {
        return VideoSource.isRtsp(source);
    }

    public CameraConfig withRealtime(boolean realtime) {
        return new CameraConfig(cameraId, source, sampleFps, realtime, loop, attentionPolicyId);
    }

    public CameraConfig withLoop(boolean loop) {
        return new CameraConfig(cameraId, source, sampleFps, realtime, loop, attentionPolicyId);
    }

    public CameraConfig withSampleFps(double sampleFps) {
        return new CameraConfig(cameraId, source, sampleFps, realtime, loop, attentionPolicyId);
    }

    public CameraConfig withAttentionPolicyId(String attentionPolicyId) {
        return new CameraConfig(cameraId, source, sampleFps, realtime, loop, attentionPolicyId);
    }

    public SourceOptions sourceOptions(StreamSettings stream) {
        return new SourceOptions(sampleFps, realtime, loop, stream.rtspTimeout(), stream.stallTimeout());
    }

    /** The source with any credentials removed, for logs and messages. */
    public static String describe(String source) {
        return VideoSource.isRtsp(source) ? RtspUrl.redact(source) : Redactor.redactUrls(source);
    }

    @Override
    public String toString() {
        return "CameraConfig[cameraId=" + cameraId + ", source=" + describe(source) + ", sampleFps=" + sampleFps
                + ", realtime=" + realtime + ", loop=" + loop + ", attentionPolicyId=" + attentionPolicyId + "]";
    }
}
