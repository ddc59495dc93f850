package dev.heed.inference.model;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The pose estimators known by name, so the service, {@code heed eval}, {@code heed bench} and {@code heed models}
 * pick one the same way. Each is an {@link EstimatorFactory}: adding one is its class plus one entry in
 * {@link #FACTORIES}. A single estimator's name with {@link MirrorAveraging#SUFFIX} ({@code 3ddfa-mirror}) averages it
 * with its mirror. Names joined by '+' make an equal-weight {@link EnsembleEstimator} of those estimators,
 * e.g. {@code 3ddfa+hopenet-mirror}; with {@link #WEIGHTED} appended, each member weighs the reciprocal of its
 * measured error ({@link EstimatorFactory#measuredMaeDeg()}).
 */
public final class PoseEstimators {
    public static final String HOPENET = HopenetEstimator.NAME;
    public static final String DEFAULT = HOPENET;
    /** Every estimator, for {@code heed eval --estimator all}. */
    public static final String ALL = "all";
    public static final String JOIN = "+";
    /** After an ensemble's name: weight each member by the reciprocal of its measured MAE instead of equally. */
    public static final String WEIGHTED = ":weighted";

    /** The single estimators, in the order they are listed (hopenet-mirror listed for its measured error). */
    public static final List<EstimatorFactory> FACTORIES = List.of(HopenetEstimator.INSTANCE, HopenetEstimator.MIRRORED,
            new ThreeDdfaEstimator(), new FsaNetEstimator(), new LandmarkPoseEstimator.Factory());

    /** The ensembles worth listing (MODELS.md's best combinations); any other '+' combination works too. */
    public static final List<String> ENSEMBLES = List.of("3ddfa+fsanet", "3ddfa+hopenet-mirror", "3ddfa+fsanet" + WEIGHTED,
            "3ddfa+hopenet-mirror" + WEIGHTED);

    private PoseEstimators() {
    }

    /** Single estimators, then the listed ensembles. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        FACTORIES.forEach(f -> names.add(f.name()));
        names.addAll(ENSEMBLES);
        return names;
    }

    /** A listed estimator, or a listed one with {@link MirrorAveraging#SUFFIX} (its error as the base measured it mirrored). */
    public static Optional<EstimatorFactory> factory(String name) {
        Optional<EstimatorFactory> listed = FACTORIES.stream().filter(f -> f.name().equals(name)).findFirst();
        if (listed.isPresent() || !name.endsWith(MirrorAveraging.SUFFIX)) {
            return listed;
        }
        String base = name.substring(0, name.length() - MirrorAveraging.SUFFIX.length());
        // Mirroring a mirror average would only repeat it: the base must be a plain estimator.
        return factory(base).filter(f -> !(f instanceof MirrorAveraging)).map(f -> new MirrorAveraging(f, f.measuredMirroredMaeDeg()));
    }

    /** The name in its canonical form: lower case, ensemble members sorted, so equal ensembles are named alike. */
    public static String canonical(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (!key.contains(JOIN)) {
            return key;
        }
        boolean weighted = key.endsWith(WEIGHTED);
        String members = weighted ? key.substring(0, key.length() - WEIGHTED.length()) : key;
        return String.join(JOIN, java.util.Arrays.stream(members.split("\\+")).map(String::strip).sorted().toList()) + (weighted ? WEIGHTED : "");
    }

    /** Model files an estimator (or ensemble) loads, each member's in turn. */
    public static List<Path> modelFiles(String name, Path modelsDir, Path hopenetModel) {
        List<Path> files = new ArrayList<>();
        for (String member : members(canonical(name))) {
            files.addAll(require(member).modelFiles(modelsDir, hopenetModel));
        }
        return files;
    }

    /**
     * An ensemble's member weights, normalised to sum 1, in the order of {@link #members} of its canonical name: equal,
     * or with {@link #WEIGHTED} each the reciprocal of the member's measured MAE.
     *
     * @throws IllegalArgumentException if a member is unknown, or a weighted member has no measured error
     */
    public static double[] weights(String name) {
        String key = canonical(name);
        List<String> memberNames = members(key);
        double[] weights = new double[memberNames.size()];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            double mae = require(memberNames.get(i)).measuredMaeDeg();
            if (key.endsWith(WEIGHTED) && !(mae > 0)) {
                throw new IllegalArgumentException("--estimator " + name + ": " + memberNames.get(i) + " has no measured error to weigh it by");
            }
            weights[i] = key.endsWith(WEIGHTED) ? 1 / mae : 1;
            sum += weights[i];
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= sum;
        }
        return weights;
    }

    /** Opens the estimator with only Hopenet's configuration: other models beside its file. */
    public static PoseEstimator open(String name, ModelConfig config) throws IOException, OrtException {
        return open(name, EstimatorSetup.beside(config));
    }

    /**
     * @throws IllegalArgumentException if the name is unknown (the message lists the known ones) or a model does
     *                                  not fit its estimator
     */
    public static PoseEstimator open(String name, EstimatorSetup setup) throws IOException, OrtException {
        String key = canonical(name);
        if (!key.contains(JOIN)) {
            return require(key).open(setup);
        }
        List<String> memberNames = members(key);
        double[] weights = weights(name);
        List<PoseEstimator> members = new ArrayList<>();
        try {
            for (String member : memberNames) {
                members.add(require(member).open(setup));
            }
        } catch (IOException | OrtException | RuntimeException e) {
            members.forEach(PoseEstimator::close);
            throw e;
        }
        return new EnsembleEstimator("ensemble(" + key + ")", members, weights);
    }

    /** The member names of an estimator's canonical name ({@link #canonical}): one for a single estimator. */
    public static List<String> members(String canonicalName) {
        String members = canonicalName.endsWith(WEIGHTED) ? canonicalName.substring(0, canonicalName.length() - WEIGHTED.length()) : canonicalName;
        return List.of(members.split("\\+"));
    }

    private static EstimatorFactory require(String name) {
        return factory(name).orElseThrow(() -> new IllegalArgumentException("--estimator: unknown estimator '" + name + "'; known: "
                + names() + ", a single one followed by '" + MirrorAveraging.SUFFIX + "', or members joined by '+'"));
    }
}
