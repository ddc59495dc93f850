package dev.heed.inference.model;

import dev.heed.common.onnx.OrtSessions;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.heed.common.image.BgrImage;
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
 * Any ONNX model with Hopenet's interface: input {@code input} [N,3,S,S] prepared per a {@link ModelContract},
 * outputs {@code yaw_logits}, {@code pitch_logits}, {@code roll_logits} [N,bins] decoded by a {@link BinDecoder}.
 * With mirroring on, each crop's mirror image runs in the same batch and the two estimates are averaged,
 * which cancels the model's left-right bias.
 */
public final class HopenetModel implements PoseEstimator {
    private static final Logger log = LoggerFactory.getLogger(HopenetModel.class);

    public static final String INPUT = "input";
    public static final String YAW_LOGITS = "yaw_logits";
    public static final String PITCH_LOGITS = "pitch_logits";
    public static final String ROLL_LOGITS = "roll_logits";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelContract contract;
    private final BinDecoder decoder;
    private final boolean mirror;
    private final ModelIdentity identity;

    private HopenetModel(OrtSession session, ModelContract contract, BinDecoder decoder, boolean mirror, ModelIdentity identity) {
        this.env = OrtSessions.environment();
        this.session = session;
        this.contract = contract;
        this.decoder = decoder;
        this.mirror = mirror;
        this.identity = identity;
    }

    /** Opens a Hopenet-style model with Hopenet's preprocessing and bins. */
    public static HopenetModel open(Path modelFile, int intraOpThreads, boolean mirror) throws IOException, OrtException {
        return open(modelFile, ModelContract.HOPENET, BinDecoder.HOPENET, intraOpThreads, mirror);
    }

    /**
     * @throws NoSuchFileException      if the file does not exist
     * @throws IllegalArgumentException if the model does not have Hopenet's input and output names
     */
    public static HopenetModel open(Path modelFile, ModelContract contract, BinDecoder decoder, int intraOpThreads, boolean mirror)
            throws IOException, OrtException {
        if (!Files.isRegularFile(modelFile)) {
            throw new NoSuchFileException(modelFile.toAbsolutePath().toString(), null, "model file not found");
        }
        ModelIdentity identity = ModelIdentity.of(modelFile);
        OrtSession session = OrtSessions.create(modelFile, intraOpThreads);
        try {
            requireHopenetInterface(modelFile, session, contract);
        } catch (IllegalArgumentException | OrtException e) {
            session.close();
            throw e;
        }
        log.info("pose model {} version {} (mirror averaging {})", identity.name(), identity.version(), mirror ? "on" : "off");
        return new HopenetModel(session, contract, decoder, mirror, identity);
    }

    /** Catches a wrong file or a contract that does not fit the model at start, not on every batch. */
    private static void requireHopenetInterface(Path modelFile, OrtSession session, ModelContract contract) throws OrtException {
        if (!session.getInputNames().contains(INPUT)
                || !session.getOutputNames().containsAll(List.of(YAW_LOGITS, PITCH_LOGITS, ROLL_LOGITS))) {
            throw new IllegalArgumentException("model " + modelFile + " does not have Hopenet's interface: expected input '"
                    + INPUT + "' and outputs " + List.of(YAW_LOGITS, PITCH_LOGITS, ROLL_LOGITS) + ", found inputs "
                    + session.getInputNames() + " and outputs " + session.getOutputNames());
        }
        long[] shape = session.getInputInfo().get(INPUT).getInfo() instanceof TensorInfo t ? t.getShape() : new long[0];
        long size = contract.inputSize();
        // Negative dimensions are dynamic (the batch, or a model exported for any input size).
        if (shape.length != 4 || !fits(shape[1], 3) || !fits(shape[2], size) || !fits(shape[3], size)) {
            throw new IllegalArgumentException("model " + modelFile + " input '" + INPUT + "' has shape " + Arrays.toString(shape)
                    + " but the contract feeds [N, 3, " + size + ", " + size + "]");
        }
    }

    private static boolean fits(long declared, long fed) {
        return declared < 0 || declared == fed;
    }

    @Override
    public ModelIdentity identity() {
        return identity;
    }

    @Override
    public List<HeadPose> estimate(List<BgrImage> crops) throws PoseEstimationException {
        if (crops.isEmpty()) {
            return List.of();
        }
        List<BgrImage> batch = crops;
        if (mirror) {
            batch = new ArrayList<>(crops.size() * 2);
            batch.addAll(crops);
            for (BgrImage crop : crops) {
                batch.add(crop.mirrored());
            }
        }
        List<HeadPose> poses = run(batch);
        if (!mirror) {
            return poses;
        }
        List<HeadPose> fused = new ArrayList<>(crops.size());
        for (int i = 0; i < crops.size(); i++) {
            HeadPose direct = poses.get(i);
            HeadPose fromMirror = poses.get(crops.size() + i).unmirrored();
            fused.add(new HeadPose(decoder.mix(direct.yaw(), fromMirror.yaw()), decoder.mix(direct.pitch(), fromMirror.pitch()),
                    decoder.mix(direct.roll(), fromMirror.roll())));
        }
        return fused;
    }

    private List<HeadPose> run(List<BgrImage> images) throws PoseEstimationException {
        int n = images.size();
        int size = contract.inputSize();
        // A direct buffer in native order is handed to ONNX Runtime without another copy.
        FloatBuffer input = ByteBuffer.allocateDirect(n * contract.valuesPerImage() * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (BgrImage image : images) {
            contract.write(image, input);
        }
        input.rewind();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[] {n, 3, size, size});
             OrtSession.Result result = session.run(Map.of(INPUT, tensor), Set.of(YAW_LOGITS, PITCH_LOGITS, ROLL_LOGITS))) {
            float[] yaw = logits(result, YAW_LOGITS, n);
            float[] pitch = logits(result, PITCH_LOGITS, n);
            float[] roll = logits(result, ROLL_LOGITS, n);
            int bins = decoder.bins();
            List<HeadPose> poses = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                poses.add(new HeadPose(decoder.decode(yaw, i * bins), decoder.decode(pitch, i * bins), decoder.decode(roll, i * bins)));
            }
            return poses;
        } catch (OrtException e) {
            throw new PoseEstimationException("model " + identity.name() + " failed on a batch of " + n + ": " + e.getMessage(), e);
        }
    }

    private float[] logits(OrtSession.Result result, String name, int n) throws PoseEstimationException {
        OnnxValue value = result.get(name).orElseThrow();
        FloatBuffer buffer = ((OnnxTensor) value).getFloatBuffer();
        if (buffer == null || buffer.remaining() != n * decoder.bins()) {
            throw new PoseEstimationException("model " + identity.name() + " output " + name + " has "
                    + (buffer == null ? "no float data" : buffer.remaining() + " values") + ", expected " + n + " x " + decoder.bins(), null);
        }
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
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
