package dev.heed.inference.bench;

import dev.heed.common.image.BgrImage;
import dev.heed.inference.AflwLabel;
import dev.heed.inference.AngleErrors;
import dev.heed.inference.SharedData;
import dev.heed.inference.model.HeadPose;
import dev.heed.inference.model.HopenetModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Accuracy of the Hopenet model on aflw2000-dev for square crops around the landmark box with several margins.
 * Arguments: [image count (default: all 552 in the protocol)] [mirror]. Not a test: it prints figures for the
 * record (see HopenetModelTest for the asserted ones).
 */
public final class AflwMarginSweep {
    private static final double[] MARGINS = {0, 0.05, 0.10, 0.15, 0.20, 0.25, 0.30};

    public static void main(String[] args) throws Exception {
        Path dir = SharedData.aflwDir();
        List<AflwLabel> labels = AflwLabel.read(dir.resolve("labels.csv")).stream().filter(AflwLabel::inProtocol).toList();
        if (args.length > 0) {
            labels = labels.subList(0, Math.min(Integer.parseInt(args[0]), labels.size()));
        }
        boolean mirror = args.length > 1 && args[1].equals("mirror");
        List<BgrImage> images = new ArrayList<>();
        for (AflwLabel l : labels) {
            images.add(BgrImage.read(dir.resolve("images").resolve(l.file())));
        }
        try (HopenetModel model = HopenetModel.open(SharedData.hopenet(), 1, mirror)) {
            for (double margin : MARGINS) {
                List<HeadPose> poses = new ArrayList<>();
                for (int i = 0; i < labels.size(); i += 16) {
                    List<BgrImage> crops = new ArrayList<>();
                    for (int j = i; j < Math.min(i + 16, labels.size()); j++) {
                        crops.add(labels.get(j).squareCrop(images.get(j), margin, 224));
                    }
                    poses.addAll(model.estimate(crops));
                }
                System.out.printf("n=%d mirror=%s margin=%.2f  %s%n", labels.size(), mirror, margin, AngleErrors.of(poses, labels));
            }
        }
    }
}
