package dev.heed.evaluation.bench;

import dev.heed.evaluation.ProgressBar;
import dev.heed.inference.model.FaceImage;
import dev.heed.inference.model.PoseEstimationException;
import dev.heed.inference.model.PoseEstimator;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times {@link PoseEstimator#estimate} (preprocessing, model run, decoding) per batch size. Batch sizes and
 * estimator variants take turns within every round, so load from other processes falls on all of them alike and
 * their ratios stay meaningful on a busy machine. Besides wall time it records the process's CPU time, which
 * others' load barely changes: images per CPU-second is the per-core figure.
 */
public final class InferenceBenchmark {
    private InferenceBenchmark() {
    }

    /** An estimator under test, with a name for the report. */
    public record Variant(String name, PoseEstimator estimator) {
    }

    /**
     * The measurement of one variant at one batch size, over all rounds.
     *
     * @param batchMillis wall time of each model call, sorted
     */
    public record Result(String variant, int batch, int images, double wallSeconds, double cpuSeconds, double[] batchMillis) {
        public double imagesPerSecond() {
            return images / wallSeconds;
        }

        public double imagesPerCpuSecond() {
            return images / cpuSeconds;
        }

        public double cpuMillisPerImage() {
            return 1000 * cpuSeconds / images;
        }

        public double latencyMillis(double quantile) {
            int i = (int) Math.min(batchMillis.length - 1, Math.floor(quantile * batchMillis.length));
            return batchMillis[i];
        }
    }

    /**
     * @param imagesPerRound images per variant and batch size in each round (rounded up to whole batches)
     */
    public static List<Result> run(List<Variant> variants, List<FaceImage> faces, int[] batches, int rounds, int imagesPerRound,
                                   ProgressBar progress) throws PoseEstimationException {
        if (faces.isEmpty()) {
            throw new IllegalArgumentException("no faces to benchmark with");
        }
        int cells = variants.size() * batches.length;
        long[] wallNanos = new long[cells];
        long[] cpuNanos = new long[cells];
        int[] images = new int[cells];
        List<List<Double>> latencies = new ArrayList<>();
        for (int i = 0; i < cells; i++) {
            latencies.add(new ArrayList<>());
        }
        // Round 0 warms up every variant and batch size (allocations, ORT's first runs); it is not recorded.
        for (int round = 0; round <= rounds; round++) {
            for (int b = 0; b < batches.length; b++) {
                for (int v = 0; v < variants.size(); v++) {
                    int cell = v * batches.length + b;
                    int batch = batches[b];
                    int calls = (imagesPerRound + batch - 1) / batch;
                    long cpu0 = processCpuNanos();
                    long wall0 = System.nanoTime();
                    for (int c = 0; c < calls; c++) {
                        List<FaceImage> input = slice(faces, c * batch, batch);
                        long t0 = System.nanoTime();
                        variants.get(v).estimator().estimate(input);
                        if (round > 0) {
                            latencies.get(cell).add((System.nanoTime() - t0) / 1e6);
                        }
                    }
                    if (round > 0) {
                        wallNanos[cell] += System.nanoTime() - wall0;
                        cpuNanos[cell] += processCpuNanos() - cpu0;
                        images[cell] += calls * batch;
                    }
                }
            }
            if (round > 0) {
                progress.step();
            }
        }
        progress.finish();
        List<Result> results = new ArrayList<>(cells);
        for (int v = 0; v < variants.size(); v++) {
            for (int b = 0; b < batches.length; b++) {
                int cell = v * batches.length + b;
                double[] ms = latencies.get(cell).stream().mapToDouble(Double::doubleValue).toArray();
                Arrays.sort(ms);
                results.add(new Result(variants.get(v).name(), batches[b], images[cell], wallNanos[cell] / 1e9, cpuNanos[cell] / 1e9, ms));
            }
        }
        return results;
    }

    /** {@code count} faces starting at {@code from}, wrapping around the list. */
    private static List<FaceImage> slice(List<FaceImage> faces, int from, int count) {
        List<FaceImage> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(faces.get((from + i) % faces.size()));
        }
        return out;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new IllegalStateException("this Java runtime does not report process CPU time");
    }
}
