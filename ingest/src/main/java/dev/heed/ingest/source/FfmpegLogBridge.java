package dev.heed.ingest.source;

import dev.heed.common.security.Redactor;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends FFmpeg's own log lines through slf4j with URLs redacted, instead of straight to stderr where a
 * camera password in an rtsp:// URL could leak. Only errors are passed on: decoders warn on every damaged
 * packet of a lossy stream.
 */
final class FfmpegLogBridge extends LogCallback {
    private static final Logger log = LoggerFactory.getLogger("dev.heed.ingest.ffmpeg");
    private static FfmpegLogBridge installed;

    private FfmpegLogBridge() {
    }

    static synchronized void install() {
        if (installed == null) {
            // Retained: FFmpeg keeps a raw pointer to the callback for the life of the process.
            installed = new FfmpegLogBridge().retainReference();
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            avutil.setLogCallback(installed);
        }
    }

    @Override
    public void call(int level, BytePointer msg) {
        if (level > avutil.AV_LOG_ERROR) {
            return;
        }
        String line = Redactor.redactUrls(msg.getString().strip());
        if (line.isEmpty()) {
            return;
        }
        if (level <= avutil.AV_LOG_FATAL) {
            log.error("ffmpeg: {}", line);
        } else {
            log.warn("ffmpeg: {}", line);
        }
    }
}
