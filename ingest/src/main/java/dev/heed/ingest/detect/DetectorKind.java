package dev.heed.ingest.detect;

import java.nio.file.Path;

/** The face detectors ingest can run, each with the model file it uses unless told otherwise. */
public enum DetectorKind {
    /**
     * YuNet: the default; fast and accurate on frontal to half-profile faces. The dynamic-input export, so that the input
     * can follow the frame; at 640 it gives exactly the figures of the fixed 640 yunet-2023mar.onnx (evaluation/README.md).
     */
    YUNET("yunet-s-dynamic.onnx") {
        @Override
        public FaceDetector create(Path model, DetectorSettings settings) throws DetectorException {
            return new YuNetDetector(model, settings);
        }
    },
    /** SCRFD 0.5 GF with keypoints (InsightFace): stronger on small and profile faces. */
    SCRFD("scrfd-500m-kps.onnx") {
        @Override
        public FaceDetector create(Path model, DetectorSettings settings) throws DetectorException {
            return new ScrfdDetector(model, settings);
        }
    };

    private final String defaultModelFile;

    DetectorKind(String defaultModelFile) {
        this.defaultModelFile = defaultModelFile;
    }

    /** The detector named (case-insensitive), e.g. "yunet". */
    public static DetectorKind parse(String name) {
        for (DetectorKind k : values()) {
            if (k.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return k;
            }
        }
        throw new IllegalArgumentException("--detector must be yunet or scrfd, got '" + name + "'");
    }

    /** The model file name this detector uses by default, looked up in the models folder. */
    public String defaultModelFile() {
        return defaultModelFile;
    }

    /** Loads the model; one detector per camera (detectors are not thread-safe). */
    public abstract FaceDetector create(Path model, DetectorSettings settings) throws DetectorException;
}
