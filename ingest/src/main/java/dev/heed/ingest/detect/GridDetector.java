package dev.heed.ingest.detect;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.heed.common.image.BgrImage;
import dev.heed.common.onnx.OrtSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A face detector whose network scores every cell of a grid at each of several strides, as YuNet and SCRFD do.
 * Every such detector runs a frame the same way: letterbox it into the network input, run the network, decode
 * each stride's outputs into faces in frame pixels, then keep the best of overlapping faces. A subclass says
 * only what is its model's own: how to recognise the model (its {@link Contract}), how it wants its pixels,
 * and how one stride's outputs decode into faces.
 */
abstract class GridDetector implements FaceDetector {
    /** Checks that a loaded model is one of the family's, by its inputs and outputs, and names its image input. */
    @FunctionalInterface
    interface Contract {
        /** The name of the image input, once it is checked to be a tensor. */
        String imageInput(OrtSession session, Path model) throws DetectorException, OrtException;
    }

    protected final DetectorSettings settings;
    private final String family;
    private final int[] strides;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final NetworkInput input;
    private final String name;

    /**
     * Loads the model.
     *
     * @param family  the detector family for messages, e.g. "YuNet"
     * @param strides the strides whose outputs the model has, each decoded by {@link #decode}
     * @throws DetectorException if the file is missing, not an ONNX model, fails the contract, or has a fixed
     *                           input of another size than the settings ask for
     */
    GridDetector(String family, Path model, DetectorSettings settings, Contract contract, PixelNormalization pixels, int... strides)
            throws DetectorException {
        this.family = family;
        this.settings = settings;
        this.strides = strides.clone();
        this.env = OrtSessions.environment();
        this.session = DetectorModels.open(model, family, settings.intraOpThreads());
        try {
            this.inputName = contract.imageInput(session, model);
            long[] shape = ((TensorInfo) session.getInputInfo().get(inputName).getInfo()).getShape();
            this.input = new NetworkInput(NetworkInput.chooseSide(model, shape, settings.inputSize()), pixels);
        } catch (DetectorException e) {
            close();
            throw e;
        } catch (OrtException e) {
            close();
            throw new DetectorException("cannot inspect model " + model + ": " + e.getMessage(), e);
        }
        String file = model.getFileName().toString();
        this.name = file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
    }

    /**
     * The side of the square network input in pixels, or {@link DetectorSettings#AUTO_INPUT_SIZE} when the input is sized
     * to each frame.
     */
    public final int inputSize() {
        return input.side();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<Detection> detect(BgrImage frame) throws DetectorException {
        try (OnnxTensor tensor = input.load(env, frame);
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            OutputTensors out = new OutputTensors(result, name);
            List<Detection> candidates = new ArrayList<>();
            for (int stride : strides) {
                decode(out, stride, input, candidates);
            }
            return NonMaxSuppression.apply(candidates, settings.nmsIouThreshold(), settings.topK());
        } catch (OrtException e) {
            throw new DetectorException(family + " inference failed: " + e.getMessage(), e);
        }
    }

    /**
     * Adds the faces that one stride's outputs hold to {@code into}, mapped to frame pixels with the input's
     * scale, leaving out those below the settings' score threshold or minimum face size.
     */
    protected abstract void decode(OutputTensors out, int stride, NetworkInput input, List<Detection> into)
            throws DetectorException, OrtException;

    @Override
    public final void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // Nothing left to release on failure; the native session is gone with the process.
        }
    }
}
