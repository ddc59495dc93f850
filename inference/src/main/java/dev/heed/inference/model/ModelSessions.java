package dev.heed.inference.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.heed.common.onnx.OrtSessions;
import java.nio.file.Path;

/**
 * Opens a pose model's ONNX Runtime session on the wanted execution provider. CPU sessions come from common's
 * {@link OrtSessions} like every other model's. CUDA needs the GPU build ({@code -Pgpu}: onnxruntime_gpu) and
 * CUDA 12 with cuDNN 9 on the host; {@link ExecutionProvider#AUTO} falls back to the CPU when either is missing
 * and says why in {@link ModelSession#provider()}.

 */
public final class ModelSessions {
    static final int CUDA_DEVICE = OrtSessions.CUDA_DEVICE;

    private ModelSessions() {
    }

    /**
     * A session and the provider it runs on.
     *
     * @param provider "CPU", "CUDA:0", or "CPU (CUDA unavailable: reason)" after a fallback
     */
    public record ModelSession(OrtSession session, String provider) {
    }

    /**
     * @throws OrtException if the model cannot be loaded, or CUDA was required and cannot be used
     */
    public static ModelSession open(Path modelFile, int intraOpThreads, ExecutionProvider wanted) throws OrtException {
        if (wanted == ExecutionProvider.CPU) {
            return new ModelSession(OrtSessions.create(modelFile, intraOpThreads), "CPU");
        }
        String whyNot;
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            whyNot = "this ONNX Runtime build has no CUDA provider (build with -Pgpu for onnxruntime_gpu)";
        } else {
            try {
                return new ModelSession(OrtSessions.create(modelFile, intraOpThreads, OrtSessions.Provider.CUDA), "CUDA:" + CUDA_DEVICE);
            } catch (OrtException e) {
                // Typically libcudart.so.12 or cuDNN 9 missing, or no device: the message names it.
                whyNot = e.getMessage();
            }
        }
        if (wanted == ExecutionProvider.CUDA) {
            throw new OrtException("--provider cuda: CUDA cannot be used: " + whyNot);
        }
        return new ModelSession(OrtSessions.create(modelFile, intraOpThreads), "CPU (CUDA unavailable: " + whyNot + ")");
    }
}
