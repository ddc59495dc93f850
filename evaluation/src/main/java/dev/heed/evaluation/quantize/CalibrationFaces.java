package dev.heed.evaluation.quantize;

import dev.heed.common.image.BgrImage;
import dev.heed.evaluation.PosePipeline;
import dev.heed.evaluation.ProgressBar;
import dev.heed.ingest.detect.DetectorException;
import dev.heed.ingest.detect.Detection;
import dev.heed.inference.model.FaceImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The faces to calibrate a model on, found and cropped from raw images exactly as the services do, so the model
 * is calibrated on the inputs it will see. They stay in memory.
 *
 * @param faces   one face per image that had one
 * @param noFace  images in which the detector found no face
 */
record CalibrationFaces(List<FaceImage> faces, int noFace) {

    /** @param limit the first this many images; 0 for all */
    static CalibrationFaces collect(PosePipeline pipeline, List<Path> images, int limit, IntFunction<ProgressBar> progress)
            throws IOException, DetectorException {
        List<Path> used = limit > 0 && limit < images.size() ? images.subList(0, limit) : images;
        ProgressBar bar = progress.apply(used.size());
        List<FaceImage> faces = new ArrayList<>();
        int noFace = 0;
        for (Path file : used) {
            BgrImage image = BgrImage.read(file);
            Optional<Detection> face = pipeline.detect(image);
            if (face.isPresent()) {
                faces.add(pipeline.crop(image, face.get()));
            } else {
                noFace++;
            }
            bar.step();
        }
        bar.finish();
        return new CalibrationFaces(List.copyOf(faces), noFace);
    }
}
