package dev.heed.common.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place ONNX Runtime sessions are made, so the execution provider choice and the session settings stay
 * the same for every model.
 */
public final class OrtSessions {
    private static final Logger log = LoggerFactory.getLogger(OrtSessions.class);

    private OrtSessions() {
    }

    /** Stack for the thread that creates the environment: at least this, more for long command lines. */
    private static final long MIN_INIT_STACK_BYTES = 16L << 20;
    private static final long INIT_STACK_BYTES_PER_COMMAND_LINE_BYTE = 1024;

    private static volatile OrtEnvironment environment;

    /** The CUDA device sessions with {@link Provider#CUDA} run on. */
    public static final int CUDA_DEVICE = 0;

    /**
     * The process-wide runtime environment, logging only errors (ORT's warnings flood the service log).
     *
     * <p>ONNX Runtime 1.29 recurses over the process command line while it creates its environment, about
     * 160 to 640 bytes of stack per command-line byte: with a classpath of a few kB passed as {@code -cp} the
     * JVM's default 1 MB thread stack overflows and the process dies with SIGSEGV (no hs_err file). So the
     * environment is created once on a thread whose stack is sized from the command line; sessions and runs
     * afterwards need no more stack than usual.
     */
    public static OrtEnvironment environment() {
        OrtEnvironment env = environment;
        if (env == null) {
            synchronized (OrtSessions.class) {
                env = environment;
                if (env == null) {
                    env = createOnLargeStack();
                    environment = env;
                }
            }
        }
        return env;
    }

    private static OrtEnvironment createOnLargeStack() {
        AtomicReference<Object> outcome = new AtomicReference<>();
        long stackBytes = Math.max(MIN_INIT_STACK_BYTES, commandLineBytes() * INIT_STACK_BYTES_PER_COMMAND_LINE_BYTE);
        Thread init = new Thread(null, () -> {
            try {
                outcome.set(OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "heed"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "heed-ort-init", stackBytes);
        init.start();
        try {
            init.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the ONNX Runtime environment", e);
        }
        if (outcome.get() instanceof OrtEnvironment env) {
            return env;
        }
        Throwable failure = (Throwable) outcome.get();
        throw failure instanceof RuntimeException r ? r : new IllegalStateException("cannot create the ONNX Runtime environment", failure);
    }

    /** Length of /proc/self/cmdline, or 0 where there is none (not Linux). */
    private static long commandLineBytes() {
        try {
            return Files.readAllBytes(Path.of("/proc/self/cmdline")).length;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Where a session runs its operators. */
    public enum Provider {
        CPU,
        /** CUDA device 0; operators CUDA lacks run on the CPU provider behind it. */
        CUDA
    }

    public static OrtSession create(Path modelFile, int intraOpThreads) throws OrtException {
        return create(modelFile, intraOpThreads, Provider.CPU);
    }

    /**
     * @throws OrtException also when the provider cannot be used: callers that may fall back catch it and create
     *                      a CPU session
     */
    public static OrtSession create(Path modelFile, int intraOpThreads, Provider provider) throws OrtException {
        try (SessionOptions options = options(intraOpThreads, provider)) {
            OrtSession session = environment().createSession(modelFile.toString(), options);
            log.info("loaded model {} on execution provider {} with {} intra-op thread(s)", modelFile.getFileName(), provider, intraOpThreads);
            return session;
        }
    }

    /**
     * A CPU session on a model held in memory (one built or rewritten by the program, e.g. for calibration).
     *
     * @param name what the log calls the model
     */
    public static OrtSession create(byte[] model, String name, int intraOpThreads) throws OrtException {
        try (SessionOptions options = options(intraOpThreads, Provider.CPU)) {
            OrtSession session = environment().createSession(model, options);
            log.info("loaded model {} from memory on execution provider {} with {} intra-op thread(s)", name, Provider.CPU, intraOpThreads);
            return session;
        }
    }

    private static SessionOptions options(int intraOpThreads, Provider provider) throws OrtException {
        if (provider == null) {
            throw new IllegalArgumentException("provider must be set");
        }
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be >= 1, got " + intraOpThreads);
        }
        SessionOptions options = new SessionOptions();
        try {
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            options.setIntraOpNumThreads(intraOpThreads);
            // One model run at a time per session: parallelism lives inside operators, not across them.
            options.setInterOpNumThreads(1);
            options.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
            // Services share few cores: idle ORT worker threads must sleep, not spin.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            if (provider == Provider.CUDA) {
                options.addCUDA(CUDA_DEVICE);
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }
}
