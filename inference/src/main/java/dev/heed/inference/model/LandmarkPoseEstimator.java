package dev.heed.inference.model;

import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;

/**
 * The landmarks-to-pose baseline ({@link LandmarkPnp}) on the detector's five keypoints, no network: here so
 * Hopenet's claim that direct estimation beats it is measured, not quoted. Needs the landmarks in the
 * {@link FaceImage}: a face without them fails alone ({@link #NO_LANDMARKS}), the rest of its batch is estimated.
 * Its spread and confidence are NaN (unknown).
 */
public final class LandmarkPoseEstimator implements PoseEstimator {
    public static final String NAME = "landmarks";
    /** The failure of a face that carries no landmarks (a crop from a detector without keypoints, or an older producer). */
    public static final String NO_LANDMARKS = "no_landmarks";
    /**
     * Focal length in face-box sides: a face a third as wide as a frame whose focal length is the frame width,
     * as on AFLW2000's images. The crop does not carry the frame, so the focal length is tied to the face.
     */
    static final double FOCAL_IN_FACE_SIDES = 3.0;
    private static final ModelIdentity IDENTITY = new ModelIdentity(NAME, "mean-face-5pt");

    @Override
    public List<PoseResult> estimate(List<FaceImage> faces) {
        List<PoseResult> poses = new ArrayList<>(faces.size());
        for (FaceImage face : faces) {
            float[] points = face.landmarks();
            if (points.length != FaceImage.LANDMARK_VALUES) {
                poses.add(PoseResult.failed(NO_LANDMARKS, "estimator " + NAME + " needs the five landmarks and this face has none"));
                continue;
            }
            FaceBox box = face.box();
            double focal = FOCAL_IN_FACE_SIDES * Math.max(box.width(), box.height());
            double[] rotation = LandmarkPnp.rotation(points, focal, face.image().width() / 2.0, face.image().height() / 2.0, box.width());
            double[] ypr = LandmarkPnp.eulerDegrees(rotation);
            poses.add(PoseResult.of(new HeadPose(BinDecoder.bare(ypr[0]), BinDecoder.bare(ypr[1]), BinDecoder.bare(ypr[2]))));
        }
        return poses;
    }

    @Override
    public ModelIdentity identity() {
        return IDENTITY;
    }

    @Override
    public String provider() {
        return "CPU (no model)";
    }

    @Override
    public void close() {
    }

    /** The plug-in entry. */
    public static final class Factory implements EstimatorFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public List<Path> modelFiles(Path modelsDir, Path hopenetModel) {
            return List.of();
        }

        @Override
        public double measuredMaeDeg() {
            return 8.33;
        }

        /** The same: the fit is symmetric, so the mirror gives the mirrored pose. */
        @Override
        public double measuredMirroredMaeDeg() {
            return 8.33;
        }

        @Override
        public String input() {
            return "the detector's 5 landmarks (eyes, nose tip, mouth corners); pinhole camera, focal " + FOCAL_IN_FACE_SIDES
                    + " x the face box's longer side, principal point at the crop centre";
        }

        @Override
        public String output() {
            return "Levenberg-Marquardt PnP against a mean 3D face, Euler angles in AFLW2000's order; confidence unknown (NaN)";
        }

        @Override
        public PoseEstimator open(EstimatorSetup setup) {
            return new LandmarkPoseEstimator();
        }
    }
}
