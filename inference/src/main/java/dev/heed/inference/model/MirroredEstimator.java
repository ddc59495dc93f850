package dev.heed.inference.model;

import java.util.ArrayList;
import java.util.List;

/**
 * An estimator run on the left-right mirror image of each face ({@link FaceImage#mirrored()}), its poses mapped back
 * to the original face: mirroring flips the sign of yaw and roll and leaves pitch alone ({@link HeadPose#unmirrored()}).
 * With the same estimator beside it in an {@link EnsembleEstimator} it is mirror averaging ({@link MirrorAveraging}),
 * which cancels a model's left-right bias.
 *
 * <p>A view of an estimator someone else owns: closing it closes nothing (in mirror averaging the ensemble closes
 * the estimator as its other member).
 */
public final class MirroredEstimator implements PoseEstimator {
    private final PoseEstimator inner;
    private final ModelIdentity identity;

    public MirroredEstimator(PoseEstimator inner) {
        this.inner = inner;
        this.identity = new ModelIdentity(inner.identity().name() + "(mirrored)", inner.identity().version());
    }

    /** The estimator that runs, on the mirrored faces. */
    public PoseEstimator inner() {
        return inner;
    }

    @Override
    public List<PoseResult> estimate(List<FaceImage> faces) throws PoseEstimationException {
        return unmirror(inner.estimate(mirror(faces)));
    }

    /** What the inner estimator is given: each face's mirror image. */
    static List<FaceImage> mirror(List<FaceImage> faces) {
        List<FaceImage> mirrored = new ArrayList<>(faces.size());
        for (FaceImage face : faces) {
            mirrored.add(face.mirrored());
        }
        return mirrored;
    }

    /** The inner estimator's results on the mirror images, as results for the original faces (failures unchanged). */
    static List<PoseResult> unmirror(List<PoseResult> onMirrors) {
        List<PoseResult> results = new ArrayList<>(onMirrors.size());
        for (PoseResult r : onMirrors) {
            results.add(r.failed() ? r : PoseResult.of(r.pose().unmirrored()));
        }
        return results;
    }

    @Override
    public ModelIdentity identity() {
        return identity;
    }

    @Override
    public String provider() {
        return inner.provider();
    }

    @Override
    public void close() {
        // Not the owner of inner: see the class comment.
    }
}
