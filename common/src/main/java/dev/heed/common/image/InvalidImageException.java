package dev.heed.common.image;

/** Encoded image bytes that cannot be decoded (corrupt JPEG, wrong format, empty). */
public final class InvalidImageException extends Exception {
    public InvalidImageException(String message) {
        super(message);
    }
}
