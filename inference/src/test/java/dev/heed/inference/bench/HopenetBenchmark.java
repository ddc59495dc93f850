package dev.heed.inference.bench;

import dev.heed.common.image.BgrImage;
import dev.heed.inference.AflwLabel;
import dev.heed.inference.SharedData;
import dev.heed.inference.model.HopenetModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Time per crop of {@link HopenetModel#estimate} (input preparation, model run, decoding) at batch 1 and 16.
 * Arguments: [intra-op threads (default 1)] [mirror]. Prints the median of 5 rounds per batch size.
 */
public final class HopenetBenchmark {
    private static final int CROPS = 64;
    private static final int ROUNDS = 5;

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        boolean mirror = args.length > 1 && args[1].equals("mirror");
        Path dir = SharedData.aflwDir();
        List<BgrImage> crops = new ArrayList<>();
        for (AflwLabel l : AflwLabel.read(dir.resolve("labels.csv")).subList(0, CROPS)) {
            crops.add(l.squareCrop(BgrImage.read(dir.resolve("images").resolve(l.file())), 0.15, 224));
        }
        try (HopenetModel model = HopenetModel.open(SharedData.hopenet(), threads, mirror)) {
            for (int batch : new int[] {1, 16}) {
                model.estimate(crops.subList(0, batch));
                double[] msPerCrop = new double[ROUNDS];
                for (int r = 0; r < ROUNDS; r++) {
                    long start = System.nanoTime();
                    for (int i = 0; i + batch <= CROPS; i += batch) {
                        model.estimate(crops.subList(i, i + batch));
                    }
                    msPerCrop[r] = (System.nanoTime() - start) / 1e6 / CROPS;
                }
                Arrays.sort(msPerCrop);
                System.out.printf("threads=%d mirror=%s batch=%d: %.2f ms per crop (median of %d rounds of %d crops; min %.2f, max %.2f)%n",
                        threads, mirror, batch, msPerCrop[ROUNDS / 2], ROUNDS, CROPS, msPerCrop[0], msPerCrop[ROUNDS - 1]);
            }
        }
    }
}
