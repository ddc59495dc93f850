package dev.heed.inference.model;

/** Where ONNX Runtime runs a pose model. */
public enum ExecutionProvider {
    /** CUDA when the ONNX Runtime build and the host have it (GPU build, CUDA 12, cuDNN 9), else CPU. */
    AUTO,
    /** Always the CPU. */
    CPU,
    /** CUDA or fail: for hosts where falling back to the CPU would only hide a broken GPU setup. */
    CUDA
}
