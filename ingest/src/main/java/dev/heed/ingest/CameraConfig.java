package dev.heed.ingest;

import dev.heed.ingest.source.SourceOptions;
import dev.heed.ingest.source.VideoSource;
import dev.heed.topics.PersonKey;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One camera: its id and where its video comes from. Messages name the command-line flags, since that is
 * where a user fixes them.
 *
 * @param cameraId    id used in record keys and metric labels ({@link PersonKey#CAMERA_ID})
 * @param source      a video file path (must exist) or an rtsp:// URL
 * @param sampleFps   frames per second to analyse, (0, 60]
 * @param realtime    files are read at their own frame rate, like a live camera; false reads as fast as possible
 * @param loop        files start again at the end instead of finishing
 * @param rtspTimeout how long an RTSP connect or read may block
 */
public record CameraConfig(String cameraId, String source, double sampleFps, boolean realtime, boolean loop, Duration rtspTimeout) {
    public CameraConfig {
        if (cameraId == null || cameraId.isBlank()) {
            throw new IllegalArgumentException("--camera-id is required (env HEED_INGEST_CAMERA_ID)");
        }
        try {
            PersonKey.requireValidCameraId(cameraId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--camera-id: " + e.getMessage());
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("--source is required: a video file path or an rtsp:// URL (env HEED_INGEST_SOURCE, camera " + cameraId + ")");
        }
        if (!VideoSource.isRtsp(source)) {
            if (source.contains("://")) {
                throw new IllegalArgumentException("--source: only video files and rtsp:// URLs are supported, got '"
                        + source.substring(0, source.indexOf("://") + 3) + "...' (camera " + cameraId + ")");
            }
            Path file;
            try {
                file = Path.of(source);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("--source is not a valid file path: " + e.getMessage() + " (camera " + cameraId + ")");
            }
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--source file not found: " + file.toAbsolutePath() + " (camera " + cameraId + ")");
            }
        }
        if (!(sampleFps > 0 && sampleFps <= SourceOptions.MAX_SAMPLE_FPS)) {
            throw new IllegalArgumentException("--sample-fps must be > 0 and <= " + (int) SourceOptions.MAX_SAMPLE_FPS + ", got " + sampleFps);
        }
        if (rtspTimeout == null || rtspTimeout.toMillis() < 1 || rtspTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("--rtsp-timeout-ms must be 1-300000 ms, got " + (rtspTimeout == null ? null : rtspTimeout.toMillis()));
        }
    }

    /** A camera with the defaults: 5 fps, realtime pacing of files, no looping, 5 s RTSP timeout. */
    public static CameraConfig of(String cameraId, String source) {
        return new CameraConfig(cameraId, source, SourceOptions.DEFAULT_SAMPLE_FPS, true, false, SourceOptions.DEFAULT_RTSP_TIMEOUT);
    }

    public CameraConfig withRealtime(boolean realtime) {
        return new CameraConfig(cameraId, source, sampleFps, realtime, loop, rtspTimeout);
    }

    public CameraConfig withLoop(boolean loop) {
        return new CameraConfig(cameraId, source, sampleFps, realtime, loop, rtspTimeout);
    }

    public CameraConfig withSampleFps(double sampleFps) {
        return new CameraConfig(cameraId, source, sampleFps, realtime, loop, rtspTimeout);
    }

    public SourceOptions sourceOptions() {
        return new SourceOptions(sampleFps, realtime, loop, rtspTimeout);
    }

    @Override
    public String toString() {
        return "CameraConfig[cameraId=" + cameraId + ", source=" + dev.heed.common.security.Redactor.redactUrls(source)
                + ", sampleFps=" + sampleFps + ", realtime=" + realtime + ", loop=" + loop + ", rtspTimeout=" + rtspTimeout + "]";
    }
}
