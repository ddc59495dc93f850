package dev.heed.evaluation.bench;

import java.util.Locale;
import java.util.Optional;

/**
 * What a pose model's speed is compared with: the same architecture in its original framework, PyTorch 1.13 in
 * eager mode on one thread, measured on this project's build machine type (2-core x86-64 VM).
 *
 * @param imagesPerSecondPerCore images per second on one core
 * @param what                   the reference, in words
 */
public record Reference(double imagesPerSecondPerCore, String what) {
    static final Reference HOPENET_LITE = new Reference(130, "PyTorch 1.13 eager, 1 thread, Hopenet ShuffleNetV2 x1.0 (lite)");
    static final Reference HOPENET_RESNET50 = new Reference(15, "PyTorch 1.13 eager, 1 thread, Hopenet ResNet50");

    public Reference {
        if (!(imagesPerSecondPerCore > 0)) {
            throw new IllegalArgumentException("--reference-images-per-s must be positive, got " + imagesPerSecondPerCore);
        }
    }

    /** The known reference for a model file name, if any: Hopenet-lite (ShuffleNetV2) or Hopenet ResNet50. */
    public static Optional<Reference> forModel(String modelName) {
        String n = modelName.toLowerCase(Locale.ROOT);
        if (n.contains("shufflenet") || n.contains("lite")) {
            return Optional.of(HOPENET_LITE);
        }
        if (n.contains("resnet50") || n.contains("resnet-50")) {
            return Optional.of(HOPENET_RESNET50);
        }
        return Optional.empty();
    }
}
