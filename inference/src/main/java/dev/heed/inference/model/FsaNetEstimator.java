package dev.heed.inference.model;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * FSA-Net: its two released variants (1x1 and var scoring) averaged, as the original does; their disagreement
 * is the confidence. Fixed batch of 1, so each face is its own model run per variant.
 */
public final class FsaNetEstimator implements EstimatorFactory {
    public static final String NAME = "fsanet";
    static final List<String> MODEL_FILES = List.of("fsanet-1x1.onnx", "fsanet-var.onnx");
    static final String OUTPUT = "output";
    static final ModelContract CONTRACT = ModelContract.bgrCentred(64);
    /**
     * FSA-Net was trained on loose crops: on aflw2000-dev with YuNet boxes, cut from ingest's margin-0 crop, mean MAE
     * 6.0 at 1.0 x the longer side, 5.15 at 1.2, 4.88 at 1.4, 4.89 at 1.6 (the part outside the crop is black; with
     * a 0.25 context margin in the crop 1.4 gives 4.66).
     */
    static final FaceRegion REGION = new FaceRegion(FaceRegion.Base.LONGER_SIDE, 1.4, 0);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Path> modelFiles(Path modelsDir, Path hopenetModel) {
        return MODEL_FILES.stream().map(modelsDir::resolve).toList();
    }

    @Override
    public double measuredMaeDeg() {
        return 4.88;
    }

    @Override
    public double measuredMirroredMaeDeg() {
        return 4.77;
    }

    @Override
    public String input() {
        return CONTRACT + ", batch 1; crop: " + REGION;
    }

    @Override
    public String output() {
        return OUTPUT + " [1,3] degrees per variant, averaged; confidence from the variants' disagreement";
    }

    @Override
    public PoseEstimator open(EstimatorSetup setup) throws IOException, OrtException {
        List<PoseEstimator> variants = new ArrayList<>();
        try {
            for (String file : MODEL_FILES) {
                variants.add(DegreesModel.open(file.replace(".onnx", ""), setup.model(file), OUTPUT, CONTRACT, REGION, setup));
            }
        } catch (IOException | OrtException | RuntimeException e) {
            variants.forEach(PoseEstimator::close);
            throw e;
        }
        return EnsembleEstimator.mean(NAME, variants);
    }
}
