package dev.heed.inference.model;

import java.nio.file.Path;

/**
 * What every estimator is opened with.
 *
 * @param hopenet   Hopenet's configuration (--model, contract flags), whose threads and provider every estimator uses
 * @param modelsDir the folder the other estimators' model files are read from (--models-dir)
 */
public record EstimatorSetup(ModelConfig hopenet, Path modelsDir) {
    public EstimatorSetup {
        if (hopenet == null || modelsDir == null) {
            throw new IllegalArgumentException("an estimator setup needs the model configuration and the models folder");
        }
    }

    /** The setup when only Hopenet's configuration is known: other models are looked for beside its file. */
    public static EstimatorSetup beside(ModelConfig hopenet) {
        Path parent = hopenet.modelPath().toAbsolutePath().getParent();
        return new EstimatorSetup(hopenet, parent);
    }

    public Path model(String fileName) {
        return modelsDir.resolve(fileName);
    }

    public int threads() {
        return hopenet.intraOpThreads();
    }

    public ExecutionProvider provider() {
        return hopenet.provider();
    }
}
