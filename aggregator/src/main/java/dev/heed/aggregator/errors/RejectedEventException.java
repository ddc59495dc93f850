package dev.heed.aggregator.errors;

/**
 * A pose event that decodes but cannot be used (no capture time, a key that is not camera/track, a NaN
 * angle...). Thrown by the topology's validation step; {@link ProcessingFailureHandler} counts it by reason,
 * dead-letters the input and carries on, exactly like an undecodable record. Carries no stack trace: it is
 * a verdict on the input, not a failure of the code.
 */
public final class RejectedEventException extends RuntimeException {
    private final String reasonCode;

    /**
     * @param reasonCode short code for the metric and the dead letter, e.g. "no_capture_time"
     * @param message    what was wrong, without payload data
     */
    public RejectedEventException(String reasonCode, String message) {
        super(message, null, false, false);
        this.reasonCode = reasonCode;
    }

    public String reasonCode() {
        return reasonCode;
    }
}
