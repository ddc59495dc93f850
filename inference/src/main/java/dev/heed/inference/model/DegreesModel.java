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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model that regresses yaw, pitch, roll in degrees ([N,3] output) from a square input cut by its own
 * {@link FaceRegion}: 3DDFA_V2's pose head, each FSA-Net variant. It has no distribution over angles, so its
 * spread and confidence are NaN (unknown) until an ensemble compares it with others. Calls are serialised.
 */
public final class DegreesModel implements PoseEstimator {
    private static final Logger log = LoggerFactory.getLogger(DegreesModel.class);

    private final OrtEnvironment env = OrtSessions.environment();
    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    private final ModelContract contract;
    private final FaceRegion region;
    private final int fixedBatch;
    private final ModelIdentity identity;
    private final String provider;

    private DegreesModel(OrtSession session, String inputName, String outputName, ModelContract contract, FaceRegion region, int fixedBatch,
                         ModelIdentity identity, String provider) {
        this.session = session;
        this.inputName = inputName;
        this.outputName = outputName;
        this.contract = contract;
        this.region = region;
        this.fixedBatch = fixedBatch;
        this.identity = identity;
        this.provider = provider;
    }

    /**
     * @param name the estimator name written into pose events (the version is the file's hash)
     * @throws IllegalArgumentException if the model lacks the output or its input does not fit the contract
     */
    public static DegreesModel open(String name, Path modelFile, String outputName, ModelContract contract, FaceRegion region,
                                    EstimatorSetup setup) throws IOException, OrtException {
        if (!Files.isRegularFile(modelFile)) {
            throw new NoSuchFileException(modelFile.toAbsolutePath().toString(), null, "model file of estimator " + name + " not found");
        }
        ModelIdentity identity = new ModelIdentity(name, ModelIdentity.of(modelFile).version());
        ModelSessions.ModelSession opened = ModelSessions.open(modelFile, setup.threads(), setup.provider());
        OrtSession session = opened.session();
        try {
            Set<String> inputs = session.getInputNames();
            String inputName = inputs.contains(HopenetModel.INPUT) ? HopenetModel.INPUT : inputs.iterator().next();
            if (!session.getOutputNames().contains(outputName)) {
                throw new IllegalArgumentException("model " + modelFile + " has no output '" + outputName + "', found " + session.getOutputNames());
            }
            long[] shape = shape(session.getInputInfo().get(inputName));
            int size = contract.inputSize();
            if (shape.length != 4 || (shape[2] > 0 && shape[2] != size) || (shape[3] > 0 && shape[3] != size) || shape[0] > 1) {
                throw new IllegalArgumentException("model " + modelFile + " input has shape " + java.util.Arrays.toString(shape)
                        + ", estimator " + name + " feeds [N,3," + size + "," + size + "]");
            }
            log.info("pose estimator {} version {} on {}: input {}, crop {}, output {}", name, identity.version(), opened.provider(), contract,
                    region, outputName);
            return new DegreesModel(session, inputName, outputName, contract, region, shape[0] == 1 ? 1 : 0, identity, opened.provider());
        } catch (IllegalArgumentException | OrtException e) {
            session.close();
            throw e;
        }
    }

    private static long[] shape(NodeInfo node) {
        return node != null && node.getInfo() instanceof TensorInfo t ? t.getShape() : new long[0];
    }

    @Override
    public synchronized List<PoseResult> estimate(List<FaceImage> faces) throws PoseEstimationException {
        int n = faces.size();
        List<PoseResult> poses = new ArrayList<>(n);
        int step = fixedBatch > 0 ? fixedBatch : Math.max(1, n);
        for (int from = 0; from < n; from += step) {
            poses.addAll(run(faces.subList(from, Math.min(n, from + step))));
        }
        return poses;
    }

    private List<PoseResult> run(List<FaceImage> faces) throws PoseEstimationException {
        int count = faces.size();
        int size = contract.inputSize();
        int perImage = contract.valuesPerImage();
        float[] values = new float[count * perImage];
        for (int i = 0; i < count; i++) {
            contract.write(region.cut(faces.get(i), size), values, i * perImage);
        }
        FloatBuffer input = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        input.put(values).flip();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[] {count, 3, size, size});
             OrtSession.Result result = session.run(Map.of(inputName, tensor), Set.of(outputName))) {
            OnnxValue value = result.get(outputName).orElseThrow();
            FloatBuffer out = value instanceof OnnxTensor t ? t.getFloatBuffer() : null;
            if (out == null || out.remaining() != 3 * count) {
                throw new PoseEstimationException("estimator " + identity.name() + " output " + outputName + " has "
                        + (out == null ? "no float data" : out.remaining() + " values") + ", expected " + 3 * count, null);
            }
            List<PoseResult> poses = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                poses.add(PoseResult.of(new HeadPose(BinDecoder.bare(out.get(3 * i)), BinDecoder.bare(out.get(3 * i + 1)),
                        BinDecoder.bare(out.get(3 * i + 2)))));
            }
            return poses;
        } catch (OrtException e) {
            throw new PoseEstimationException("estimator " + identity.name() + " failed on a batch of " + count + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ModelIdentity identity() {
        return identity;
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            log.warn("closing estimator {} failed: {}", identity.name(), e.getMessage());
        }
    }
}
