package dev.heed.inference.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Two or more estimators on the same faces, combined per angle by a weighted mean (equal weights by default).
 * Mirror averaging ({@link MirrorAveraging}, e.g. hopenet-mirror) is the same mechanism with the estimator on the
 * mirrored face ({@link MirroredEstimator}) as the second member; members that run the same estimator share one
 * call of it, so the model sees the faces and their mirrors as one batch.
 *
 * <p>Spread and confidence: the combined estimate is read as the weighted mixture of the members' distributions,
 * so its variance is the members' own variance (Hopenet's bin spread; 0 for a degrees-only member) plus the
 * weighted variance of their means, i.e. their disagreement. Confidence is {@code 1 - spread / 57.16 deg}
 * clipped to [0, 1], the same mapping as a Hopenet head's ({@link BinDecoder#HOPENET}'s uniform spread), so
 * one --min-confidence in the aggregator means the same for every estimator.
 *
 * <p>A face that one member cannot estimate (the landmark baseline on a face without landmarks) fails with that
 * member's failure; the other faces of the batch are combined as usual.
 */
public final class EnsembleEstimator implements PoseEstimator {
    /** The spread of a distribution that knows nothing: a uniform one over Hopenet's 66 bins of 3 degrees. */
    public static final double NO_KNOWLEDGE_SPREAD_DEG = BinDecoder.HOPENET.uniformSpreadDeg();

    private final List<PoseEstimator> members;
    private final double[] weights;
    private final ModelIdentity identity;

    /**
     * @param name    the name written into pose events, e.g. "ensemble(3ddfa+hopenet-mirror)"; the version is made
     *                from the members' names and versions
     * @param members the estimators, closed with this one
     * @param weights one positive weight per member (normalised here)
     */
    public EnsembleEstimator(String name, List<PoseEstimator> members, double[] weights) {
        this(new ModelIdentity(name, combinedVersion(members)), members, weights);
    }

    /** An ensemble that names itself, as mirror averaging keeps the model's own version. */
    public EnsembleEstimator(ModelIdentity identity, List<PoseEstimator> members, double[] weights) {
        if (members.size() < 2 || weights.length != members.size()) {
            throw new IllegalArgumentException("an ensemble needs two or more members and one weight each");
        }
        double sum = 0;
        for (double w : weights) {
            if (!(w > 0)) {
                throw new IllegalArgumentException("ensemble weights must be positive");
            }
            sum += w;
        }
        this.members = List.copyOf(members);
        this.weights = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            this.weights[i] = weights[i] / sum;
        }
        this.identity = identity;
    }

    public static EnsembleEstimator mean(String name, List<PoseEstimator> members) {
        double[] w = new double[members.size()];
        java.util.Arrays.fill(w, 1);
        return new EnsembleEstimator(name, members, w);
    }

    /** First 12 hex digits of the SHA-256 of the members' names and versions: changes when any member's model does. */
    private static String combinedVersion(List<PoseEstimator> members) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (PoseEstimator m : members) {
                sha.update((m.identity().name() + "@" + m.identity().version() + ";").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    public List<PoseEstimator> members() {
        return members;
    }

    @Override
    public List<PoseResult> estimate(List<FaceImage> faces) throws PoseEstimationException {
        List<List<PoseResult>> each = runMembers(faces);
        List<PoseResult> combined = new ArrayList<>(faces.size());
        for (int f = 0; f < faces.size(); f++) {
            combined.add(combineFace(each, f));
        }
        return combined;
    }

    /** Where a member's results are: in which call's results, from which row, and whether of mirror images. */
    private record Slot(int call, int from, boolean mirrored) {
    }

    /**
     * Each member's results, in member order. Members that run the same estimator (in mirror averaging: the
     * estimator and a {@link MirroredEstimator} of it) share one call of it, the faces first, then their mirror
     * images: the model runs one batch of 2n faces, not two of n (the same CPU time per face; on a GPU one run
     * instead of two).
     */
    private List<List<PoseResult>> runMembers(List<FaceImage> faces) throws PoseEstimationException {
        List<PoseEstimator> runners = new ArrayList<>();
        List<List<FaceImage>> inputs = new ArrayList<>();
        List<Slot> slots = new ArrayList<>(members.size());
        for (PoseEstimator member : members) {
            boolean mirrored = member instanceof MirroredEstimator;
            PoseEstimator runner = mirrored ? ((MirroredEstimator) member).inner() : member;
            int call = indexOfSame(runners, runner);
            if (call < 0) {
                runners.add(runner);
                inputs.add(new ArrayList<>());
                call = runners.size() - 1;
            }
            slots.add(new Slot(call, inputs.get(call).size(), mirrored));
            inputs.get(call).addAll(mirrored ? MirroredEstimator.mirror(faces) : faces);
        }
        List<List<PoseResult>> outputs = new ArrayList<>(runners.size());
        for (int call = 0; call < runners.size(); call++) {
            outputs.add(runners.get(call).estimate(inputs.get(call)));
        }
        List<List<PoseResult>> each = new ArrayList<>(members.size());
        for (Slot slot : slots) {
            List<PoseResult> own = outputs.get(slot.call()).subList(slot.from(), slot.from() + faces.size());
            each.add(slot.mirrored() ? MirroredEstimator.unmirror(own) : own);
        }
        return each;
    }

    /** Index of this very estimator (not an equal one) in the list, or -1. */
    private static int indexOfSame(List<PoseEstimator> estimators, PoseEstimator estimator) {
        for (int i = 0; i < estimators.size(); i++) {
            if (estimators.get(i) == estimator) {
                return i;
            }
        }
        return -1;
    }

    /**
     * One face's result: the weighted combination of its members' poses, or the failure of the first member (in
     * member order) that could not estimate it. The face fails rather than being averaged over the members left:
     * that would be another estimator, with other errors, than the one its pose event names.
     */
    private PoseResult combineFace(List<List<PoseResult>> each, int face) {
        List<HeadPose> poses = new ArrayList<>(each.size());
        for (List<PoseResult> memberResults : each) {
            PoseResult result = memberResults.get(face);
            if (result.failed()) {
                return result;
            }
            poses.add(result.pose());
        }
        return PoseResult.of(combine(poses, weights));
    }

    /** The weighted combination of one face's member poses (weights summing to 1). */
    public static HeadPose combine(List<HeadPose> poses, double[] weights) {
        AngleEstimate[] yaw = new AngleEstimate[poses.size()];
        AngleEstimate[] pitch = new AngleEstimate[poses.size()];
        AngleEstimate[] roll = new AngleEstimate[poses.size()];
        for (int i = 0; i < poses.size(); i++) {
            yaw[i] = poses.get(i).yaw();
            pitch[i] = poses.get(i).pitch();
            roll[i] = poses.get(i).roll();
        }
        return new HeadPose(combine(yaw, weights), combine(pitch, weights), combine(roll, weights));
    }

    static AngleEstimate combine(AngleEstimate[] estimates, double[] weights) {
        double mean = 0;
        for (int i = 0; i < estimates.length; i++) {
            mean += weights[i] * estimates[i].degrees();
        }
        double variance = 0;
        for (int i = 0; i < estimates.length; i++) {
            double own = Double.isNaN(estimates[i].spreadDeg()) ? 0 : estimates[i].spreadDeg();
            double gap = estimates[i].degrees() - mean;
            variance += weights[i] * (own * own + gap * gap);
        }
        double spread = Math.sqrt(variance);
        return new AngleEstimate(mean, spread, confidence(spread));
    }

    /** The documented spread-to-confidence mapping: 1 - spread / 57.16 deg, clipped to [0, 1]. */
    public static double confidence(double spreadDeg) {
        return Math.min(1, Math.max(0, 1 - spreadDeg / NO_KNOWLEDGE_SPREAD_DEG));
    }

    @Override
    public ModelIdentity identity() {
        return identity;
    }

    @Override
    public String provider() {
        return members.get(0).provider();
    }

    @Override
    public void close() {
        for (PoseEstimator m : members) {
            m.close();
        }
    }
}
