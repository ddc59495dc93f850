package dev.heed.common.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link LongCommandLineTest}: creates the ONNX Runtime environment and a session.
 * Arguments: model file, then "heed" (through {@link OrtSessions}) or "raw" (ONNX Runtime called directly).
 */
public final class OrtEnvironmentProbe {
    public static void main(String[] args) throws Exception {
        if (args[1].equals("raw")) {
            OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "heed");
        }
        try (OrtSession session = OrtSessions.create(Path.of(args[0]), 1)) {
            System.out.println("session ok: " + session.getOutputNames());
        }
    }
}
