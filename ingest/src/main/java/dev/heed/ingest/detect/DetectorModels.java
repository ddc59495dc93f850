package dev.heed.ingest.detect;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.heed.common.onnx.OrtSessions;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opening a detector's ONNX file, with the same clear errors for every detector. */
final class DetectorModels {
    private DetectorModels() {
    }

    /**
     * @param family the detector family for messages, e.g. "YuNet"
     * @throws DetectorException if the file is missing or not a loadable ONNX model
     */
    static OrtSession open(Path model, String family, int intraOpThreads) throws DetectorException {
        if (!Files.isRegularFile(model)) {
            throw new DetectorException(family + " model file not found: " + model.toAbsolutePath(), null);
        }
        try {
            return OrtSessions.create(model, intraOpThreads);
        } catch (OrtException e) {
            throw new DetectorException("cannot load " + family + " model " + model + ": " + e.getMessage(), e);
        }
    }
}
