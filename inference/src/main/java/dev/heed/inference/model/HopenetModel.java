package dev.heed.inference.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.heed.common.onnx.OrtSessions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Any ONNX model with Hopenet's interface: one image input [N,3,S,S] prepared per a {@link ModelContract}, and
 * either the logit heads {@code yaw_logits}, {@code pitch_logits}, {@code roll_logits} [N,bins] decoded by a
 * {@link BinDecoder}, or a degrees output [N,3] (yaw, pitch, roll). The contract comes from configuration, the
 * model's {@code heed.*} metadata and the input shape ({@link ContractSettings}), resolved once here.
 *
 * <p>Its crop rule is ingest's margin-0 square around the face box ({@link FaceRegion#SQUARE}): it re-cuts that
 * square from the face image, so a crop published with more context feeds it the same face; a margin-0 crop
 * of the input size is used as it is. Mirror averaging is not done here but by an ensemble with the mirrored face
 * ({@link MirrorAveraging}), which hands this model the faces and their mirrors as one batch. Input buffers are
 * kept between calls, so one instance serves one thread at a time (calls are serialised).
 */
public final class HopenetModel implements PoseEstimator {
    private static final Logger log = LoggerFactory.getLogger(HopenetModel.class);

    public static final String INPUT = "input";
    public static final String YAW_LOGITS = "yaw_logits";
    public static final String PITCH_LOGITS = "pitch_logits";
    public static final String ROLL_LOGITS = "roll_logits";
    private static final List<String> LOGIT_OUTPUTS = List.of(YAW_LOGITS, PITCH_LOGITS, ROLL_LOGITS);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final ModelContract contract;
    private final BinDecoder decoder;
    private final ModelOutput output;
    private final String degreesOutput;
    /** Rows per model run: 0 for a dynamic batch, else the model's fixed batch size (1). */
    private final int fixedBatch;
    private final ModelIdentity identity;
    private final String provider;

    private float[] values = new float[0];
    private FloatBuffer input = FloatBuffer.allocate(0);

    private HopenetModel(OrtSession session, String inputName, Resolved r, ModelIdentity identity, String provider) {
        this.env = OrtSessions.environment();
        this.session = session;
        this.inputName = inputName;
        this.contract = r.contract;
        this.decoder = r.decoder;
        this.output = r.output;
        this.degreesOutput = r.degreesOutput;
        this.fixedBatch = r.fixedBatch;
        this.identity = identity;
        this.provider = provider;
    }

    /** Opens a Hopenet-style model on the CPU or CUDA (provider auto), contract from its metadata or Hopenet's defaults. */
    public static HopenetModel open(Path modelFile, int intraOpThreads) throws IOException, OrtException {
        return open(new ModelConfig(modelFile, intraOpThreads, ExecutionProvider.AUTO, false, ContractSettings.NONE));
    }

    /**
     * The model alone: the configuration's --mirror is the estimator's business ({@link HopenetEstimator}), not the model's.
     *
     * @throws NoSuchFileException      if the file does not exist
     * @throws IllegalArgumentException if the model does not have Hopenet's interface, or its metadata or the
     *                                  configured contract does not fit it
     * @throws OrtException             if ONNX Runtime cannot load it (or CUDA was required and is unavailable)
     */
    public static HopenetModel open(ModelConfig config) throws IOException, OrtException {
        Path modelFile = config.modelPath();
        if (!Files.isRegularFile(modelFile)) {
            throw new NoSuchFileException(modelFile.toAbsolutePath().toString(), null, "model file not found");
        }
        ModelIdentity identity = ModelIdentity.of(modelFile);
        ModelSessions.ModelSession opened = ModelSessions.open(modelFile, config.intraOpThreads(), config.provider());
        OrtSession session = opened.session();
        try {
            ContractSettings settings = config.contract().over(ContractSettings.fromMetadata(session.getMetadata().getCustomMetadata()));
            String inputName = inputName(modelFile, session);
            Resolved resolved = resolve(modelFile, session, inputName, settings);
            log.info("pose model {} version {} on {}: input {} {}, {}", identity.name(), identity.version(),
                    opened.provider(), inputName, resolved.contract,
                    resolved.output == ModelOutput.LOGITS ? "logits " + LOGIT_OUTPUTS + " with " + resolved.decoder
                            : "degrees from " + resolved.degreesOutput);
            return new HopenetModel(session, inputName, resolved, identity, opened.provider());
        } catch (IllegalArgumentException | OrtException e) {
            session.close();
            throw e;
        }
    }

    private record Resolved(ModelContract contract, BinDecoder decoder, ModelOutput output, String degreesOutput, int fixedBatch) {
    }

    private static String inputName(Path modelFile, OrtSession session) {
        Set<String> inputs = session.getInputNames();
        if (inputs.contains(INPUT)) {
            return INPUT;
        }
        if (inputs.size() == 1) {
            return inputs.iterator().next();
        }
        throw new IllegalArgumentException("model " + modelFile + " does not have Hopenet's interface: expected one input (or one named '"
                + INPUT + "'), found " + inputs);
    }

    /** Catches a wrong file or a contract that does not fit the model at start, not on every batch. */
    private static Resolved resolve(Path modelFile, OrtSession session, String inputName, ContractSettings settings) throws OrtException {
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        String degreesName = settings.degreesOutputName();
        boolean hasLogits = outputs.keySet().containsAll(LOGIT_OUTPUTS);
        ModelOutput output = settings.output() != null ? settings.output()
                : hasLogits ? ModelOutput.LOGITS : outputs.containsKey(degreesName) ? ModelOutput.DEGREES : null;
        if (output == null || (output == ModelOutput.LOGITS && !hasLogits) || (output == ModelOutput.DEGREES && !outputs.containsKey(degreesName))) {
            throw new IllegalArgumentException("model " + modelFile + " does not have Hopenet's interface: expected outputs "
                    + LOGIT_OUTPUTS + " or a degrees output '" + degreesName + "'" + (output == null ? "" : " (" + output + " was asked for)")
                    + ", found " + outputs.keySet());
        }

        long[] shape = shape(session.getInputInfo().get(inputName));
        int sizeFromShape = shape.length == 4 && shape[2] > 0 && shape[2] == shape[3] ? (int) shape[2] : -1;
        ModelContract contract = settings.inputContract(sizeFromShape);
        long size = contract.inputSize();
        // Negative dimensions are dynamic (the batch, or a model exported for any input size).
        if (shape.length != 4 || !fits(shape[1], 3) || !fits(shape[2], size) || !fits(shape[3], size)) {
            throw new IllegalArgumentException("model " + modelFile + " input '" + inputName + "' has shape " + Arrays.toString(shape)
                    + " but the contract feeds [N, 3, " + size + ", " + size + "]");
        }
        if (shape[0] > 1) {
            throw new IllegalArgumentException("model " + modelFile + " has a fixed batch of " + shape[0] + "; only a dynamic batch or 1 is supported");
        }
        int fixedBatch = shape[0] == 1 ? 1 : 0;

        BinDecoder decoder = settings.binDecoder();
        if (output == ModelOutput.LOGITS) {
            for (String name : LOGIT_OUTPUTS) {
                long[] out = shape(outputs.get(name));
                if (out.length != 2 || !fits(out[1], decoder.bins())) {
                    throw new IllegalArgumentException("model " + modelFile + " output " + name + " has shape " + Arrays.toString(out)
                            + " but the bin layout has " + decoder.bins() + " bins (set --bins or metadata " + ContractSettings.KEY_BINS + ")");
                }
            }
        } else {
            long[] out = shape(outputs.get(degreesName));
            if (out.length != 2 || !fits(out[1], 3)) {
                throw new IllegalArgumentException("model " + modelFile + " output " + degreesName + " has shape " + Arrays.toString(out)
                        + ", expected [N, 3] (yaw, pitch, roll in degrees)");
            }
        }
        return new Resolved(contract, decoder, output, degreesName, fixedBatch);
    }

    private static long[] shape(NodeInfo node) {
        return node != null && node.getInfo() instanceof TensorInfo t ? t.getShape() : new long[0];
    }

    private static boolean fits(long declared, long fed) {
        return declared < 0 || declared == fed;
    }

    @Override
    public ModelIdentity identity() {
        return identity;
    }

    @Override
    public String provider() {
        return provider;
    }

    /** The input contract in force (from configuration, metadata or defaults). */
    public ModelContract contract() {
        return contract;
    }

    public ModelOutput output() {
        return output;
    }

    @Override
    public synchronized List<PoseResult> estimate(List<FaceImage> faces) throws PoseEstimationException {
        int n = faces.size();
        if (n == 0) {
            return List.of();
        }
        int perImage = contract.valuesPerImage();
        ensureCapacity(n * perImage);
        for (int i = 0; i < n; i++) {
            contract.write(FaceRegion.SQUARE.cut(faces.get(i), contract.inputSize()), values, i * perImage);
        }
        input.clear();
        input.put(values, 0, n * perImage);

        List<PoseResult> poses = new ArrayList<>(n);
        int step = fixedBatch > 0 ? fixedBatch : n;
        for (int from = 0; from < n; from += step) {
            for (HeadPose pose : run(from, Math.min(step, n - from))) {
                poses.add(PoseResult.of(pose));
            }
        }
        return poses;
    }

    private void ensureCapacity(int floats) {
        if (values.length < floats) {
            values = new float[floats];
            // A direct buffer in native order is handed to ONNX Runtime without another copy.
            input = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
    }

    private List<HeadPose> run(int from, int count) throws PoseEstimationException {
        int size = contract.inputSize();
        int perImage = contract.valuesPerImage();
        FloatBuffer rows = input.duplicate();
        rows.position(from * perImage).limit((from + count) * perImage);
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, rows.slice(), new long[] {count, 3, size, size})) {
            if (output == ModelOutput.LOGITS) {
                try (OrtSession.Result result = session.run(Map.of(inputName, tensor), Set.copyOf(LOGIT_OUTPUTS))) {
                    int bins = decoder.bins();
                    float[] yaw = floats(result, YAW_LOGITS, count * bins);
                    float[] pitch = floats(result, PITCH_LOGITS, count * bins);
                    float[] roll = floats(result, ROLL_LOGITS, count * bins);
                    List<HeadPose> poses = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        poses.add(new HeadPose(decoder.decode(yaw, i * bins), decoder.decode(pitch, i * bins), decoder.decode(roll, i * bins)));
                    }
                    return poses;
                }
            }
            try (OrtSession.Result result = session.run(Map.of(inputName, tensor), Set.of(degreesOutput))) {
                float[] ypr = floats(result, degreesOutput, count * 3);
                List<HeadPose> poses = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    poses.add(new HeadPose(BinDecoder.bare(ypr[3 * i]), BinDecoder.bare(ypr[3 * i + 1]), BinDecoder.bare(ypr[3 * i + 2])));
                }
                return poses;
            }
        } catch (OrtException e) {
            throw new PoseEstimationException("model " + identity.name() + " failed on a batch of " + count + ": " + e.getMessage(), e);
        }
    }

    private float[] floats(OrtSession.Result result, String name, int expected) throws PoseEstimationException {
        OnnxValue value = result.get(name).orElseThrow();
        FloatBuffer buffer = value instanceof OnnxTensor t ? t.getFloatBuffer() : null;
        if (buffer == null || buffer.remaining() != expected) {
            throw new PoseEstimationException("model " + identity.name() + " output " + name + " has "
                    + (buffer == null ? "no float data" : buffer.remaining() + " values") + ", expected " + expected, null);
        }
        float[] out = new float[expected];
        buffer.get(out);
        return out;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            log.warn("closing model {} failed: {}", identity.name(), e.getMessage());
        }
    }
}
