package dev.heed.ingest.detect;

import dev.heed.common.image.BgrImage;
import java.util.List;

/** Finds faces in a frame. Implementations are not thread-safe: one instance per camera worker. */
public interface FaceDetector extends AutoCloseable {
    /** The faces in the frame, highest score first, in frame pixels. */
    List<Detection> detect(BgrImage frame) throws DetectorException;

    /** Short name of the detector and model, for logs and metrics, e.g. "yunet-2023mar". */
    String name();

    @Override
    void close();
}
