package dev.heed.inference.model;

/**
 * A head pose in Hopenet's (AFLW2000's) convention: yaw > 0 turned toward image-left, pitch > 0 looking up,
 * roll > 0 rotated clockwise in the image.
 */
public record HeadPose(AngleEstimate yaw, AngleEstimate pitch, AngleEstimate roll) {
    /**
     * The pose of the original face given this pose estimated on its left-right mirror image: mirroring
     * flips the sign of yaw and roll and leaves pitch alone.
     */
    public HeadPose unmirrored() {
        return new HeadPose(yaw.negated(), pitch, roll.negated());
    }
}
