package dev.heed.inference.model;

/** Which of a Hopenet-style model's outputs the angles are read from. */
public enum ModelOutput {
    /** {@code yaw_logits}, {@code pitch_logits}, {@code roll_logits} [N, bins]: angle, spread and confidence from the bins. */
    LOGITS,
    /**
     * One [N, 3] output of yaw, pitch, roll in degrees (Hopenet's {@code ypr_deg} by default). Such a model gives
     * no distribution: spread and confidence are NaN ("unknown"), except under mirror averaging, where the
     * disagreement of the two estimates is the spread.
     */
    DEGREES
}
