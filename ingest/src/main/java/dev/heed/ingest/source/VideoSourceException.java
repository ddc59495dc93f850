package dev.heed.ingest.source;

import dev.heed.common.security.Redactor;

/**
 * A video source cannot be opened or stopped delivering frames. The message never contains credentials, and
 * JavaCV's exceptions are deliberately not chained as causes: their messages carry the raw source URL, which
 * a stack trace in a log would then leak. The FFmpeg reason is copied into the message instead.
 */
public final class VideoSourceException extends Exception {
    public VideoSourceException(String message) {
        super(Redactor.redactUrls(message));
    }
}
