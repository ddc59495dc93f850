package dev.heed.ingest.source;

import dev.heed.common.security.Redactor;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes FFmpeg's own log lines off stderr, where a camera password in an rtsp:// URL could leak and where a camera
 * that cannot be reached would add a raw line on every retry. Only errors are kept, with URLs redacted: the last one
 * of each thread is remembered, so the error Heed reports for that thread's source can carry FFmpeg's words
 * ({@link #lastError()}: "moov atom not found"); each is also logged at DEBUG under {@code dev.heed.ingest.ffmpeg}
 * (set that logger to debug to see them all). Decoders warn on every damaged packet of a lossy stream, so nothing
 * below an error is looked at.
 */
final class FfmpegLogBridge extends LogCallback {
    private static final Logger log = LoggerFactory.getLogger("dev.heed.ingest.ffmpeg");
    /** FFmpeg prefixes a line with its component and a pointer, "[mov,mp4,m4a @ 0x7f..] ": the pointer means nothing to a person. */
    private static final Pattern CONTEXT = Pattern.compile("^\\[[^\\]]*@ 0x[0-9a-fA-F]+\\]\\s*");
    private static final ThreadLocal<String> LAST_ERROR = new ThreadLocal<>();
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

    /** Forgets this thread's last error, before a call whose failure will be reported. */
    static void clearLastError() {
        LAST_ERROR.remove();
    }

    /** FFmpeg's last error line on this thread since {@link #clearLastError()}, redacted, or null. */
    static String lastError() {
        return LAST_ERROR.get();
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
        LAST_ERROR.set(CONTEXT.matcher(line).replaceFirst(""));
        log.debug("ffmpeg: {}", line);
    }
}
