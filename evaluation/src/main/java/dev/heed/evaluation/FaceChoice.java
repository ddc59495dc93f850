package dev.heed.evaluation;

import dev.heed.ingest.detect.Detection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which detected face of an image is the one its labels describe. Benchmark images such as AFLW2000's are
 * cut around one subject, so the subject is the face nearest the image centre even where a background face
 * scores higher.
 */
public enum FaceChoice {
    /** The face whose box centre is nearest the image centre. */
    CENTRE,
    /** The face with the highest detector score. */
    SCORE;

    public Optional<Detection> choose(List<Detection> faces, int imageWidth, int imageHeight) {
        if (this == SCORE) {
            return faces.stream().max(Comparator.comparingDouble(Detection::score));
        }
        double cx = imageWidth / 2.0;
        double cy = imageHeight / 2.0;
        return faces.stream().min(Comparator.comparingDouble(
                d -> Math.hypot(d.box().centreX() - cx, d.box().centreY() - cy)));
    }
}
