package dev.heed.inference;

import dev.heed.common.cli.CommandRunner;
import dev.heed.inference.model.EstimatorFactory;
import dev.heed.inference.model.MirrorAveraging;
import dev.heed.inference.model.PoseEstimators;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code heed models}: the pose estimators --estimator can name, what each needs and whether its files are here. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Lists the pose estimators (--estimator of heed inference, eval and bench): model files and whether they "
                + "are present, input contract and crop rule, output. Any estimators joined by '+' make an equal-weight ensemble.")
public final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    public static void main(String[] args) {
        System.exit(CommandRunner.run(new ModelsCommand(), args));
    }

    @Override
    public Integer call() {
        Path dir = model.modelsDir;
        Path hopenet = model.hopenetModel();
        PrintWriter out = spec.commandLine().getOut();
        for (EstimatorFactory f : PoseEstimators.FACTORIES) {
            out.printf("%s%s%n", f.name(), f.name().equals(PoseEstimators.DEFAULT) ? " (default)" : "");
            out.printf("  files:  %s%n", files(f.modelFiles(dir, hopenet)));
            out.printf("  input:  %s%n", f.input());
            out.printf("  output: %s%n", f.output());
        }
        for (String ensemble : PoseEstimators.ENSEMBLES) {
            List<Path> missing = PoseEstimators.modelFiles(ensemble, dir, hopenet).stream().filter(p -> !Files.isRegularFile(p)).toList();
            out.printf("%s%n  ensemble: each member on the same face, %s; confidence 1 - spread / 57.16 deg, "
                    + "spread = members' own spread and disagreement%n  files:  %s%n", ensemble, weighting(ensemble),
                    missing.isEmpty() ? "all present" : "missing " + missing);
        }
        out.printf("NAME%s (any single estimator above, e.g. 3ddfa%s)%n  mirror averaged: the estimator and itself on the face's mirror "
                + "image (yaw and roll negated) as an equal-weight ensemble, in one call%n", MirrorAveraging.SUFFIX, MirrorAveraging.SUFFIX);
        out.printf("models folder: %s%n", model.modelsDir.toAbsolutePath());
        out.flush();
        return 0;
    }

    /** "equal-weight mean per angle", or the weights of a :weighted ensemble, e.g. "weighted mean per angle: 3ddfa 0.58, ...". */
    private static String weighting(String ensemble) {
        if (!PoseEstimators.canonical(ensemble).endsWith(PoseEstimators.WEIGHTED)) {
            return "equal-weight mean per angle";
        }
        List<String> members = PoseEstimators.members(PoseEstimators.canonical(ensemble));
        double[] weights = PoseEstimators.weights(ensemble);
        StringBuilder s = new StringBuilder("weighted mean per angle (1 / each one's measured MAE):");
        for (int i = 0; i < members.size(); i++) {
            s.append(i == 0 ? " " : ", ").append(members.get(i)).append(String.format(java.util.Locale.ROOT, " %.2f", weights[i]));
        }
        return s.toString();
    }

    private static String files(List<Path> files) {
        if (files.isEmpty()) {
            return "none (no model)";
        }
        StringBuilder s = new StringBuilder();
        for (Path f : files) {
            s.append(s.length() == 0 ? "" : ", ").append(f).append(Files.isRegularFile(f) ? " (present)" : " (MISSING)");
        }
        return s.toString();
    }
}
