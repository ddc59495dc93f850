package dev.heed.inference;

import dev.heed.inference.model.HeadPose;
import java.util.List;

/** Mean absolute and mean signed (bias) errors of estimated poses against AFLW2000 labels, degrees. */
public record AngleErrors(double yawMae, double pitchMae, double rollMae, double yawBias, double pitchBias, double rollBias) {

    /** Pose i is compared with label i. */
    public static AngleErrors of(List<HeadPose> poses, List<AflwLabel> labels) {
        if (poses.size() != labels.size() || poses.isEmpty()) {
            throw new IllegalArgumentException(poses.size() + " poses for " + labels.size() + " labels");
        }
        double[] abs = new double[3];
        double[] signed = new double[3];
        int n = poses.size();
        for (int i = 0; i < n; i++) {
            HeadPose p = poses.get(i);
            AflwLabel l = labels.get(i);
            double[] err = {p.yaw().degrees() - l.yaw(), p.pitch().degrees() - l.pitch(), p.roll().degrees() - l.roll()};
            for (int k = 0; k < 3; k++) {
                abs[k] += Math.abs(err[k]) / n;
                signed[k] += err[k] / n;
            }
        }
        return new AngleErrors(abs[0], abs[1], abs[2], signed[0], signed[1], signed[2]);
    }

    public double meanMae() {
        return (yawMae + pitchMae + rollMae) / 3;
    }

    @Override
    public String toString() {
        return String.format("MAE yaw %.2f pitch %.2f roll %.2f mean %.2f, bias yaw %.2f pitch %.2f roll %.2f",
                yawMae, pitchMae, rollMae, meanMae(), yawBias, pitchBias, rollBias);
    }
}
