package dev.heed.aggregator.topology;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.aggregator.policy.AttentionSettings;
import java.util.List;
import java.util.Locale;

/**
 * Prints the flapping rate (attending/away changes per minute) on the real clip, as captured and with
 * Gaussian jitter of several sizes, for the filter's parts on and off. A command, not a test:
 * see aggregator/README.md for how to run it.
 */
public final class FlappingReport {
    private FlappingReport() {
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        AttentionSettings d = AggregatorConfig.DEFAULT_SETTINGS;
        List<AttentionSettings> variants = List.of(d.unfiltered(), d.withFilter(d.hysteresisMarginDeg(), 0),
                d.withFilter(0, d.minDwellMs()), d);
        List<String> names = List.of("unfiltered", "hysteresis " + (int) d.hysteresisMarginDeg() + " deg only",
                "dwell " + d.minDwellMs() + " ms only", "both (default)");
        List<ClipReplay.Row> clip = ClipReplay.load();
        System.out.printf(Locale.ROOT, "office-turns.mp4, %d pose events over %.1f s; ground truth 4 changes = %.1f/min%n",
                clip.size(), (clip.get(clip.size() - 1).tMs() + 40) / 1000.0, 4 * 60_000.0 / (clip.get(clip.size() - 1).tMs() + 40));
        System.out.printf(Locale.ROOT, "%-28s %12s %12s %12s %12s%n", "state changes per minute", "as captured", "jitter 4deg",
                "jitter 8deg", "jitter 12deg");
        for (int v = 0; v < variants.size(); v++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-28s %12.1f", names.get(v),
                    ClipReplay.replay(clip, variants.get(v), 0).perMinute()));
            for (double sigma : new double[] {4, 8, 12}) {
                double sum = 0;
                for (long seed = 1; seed <= seeds; seed++) {
                    sum += ClipReplay.replay(ClipReplay.jittered(clip, sigma, seed), variants.get(v), 0).perMinute();
                }
                row.append(String.format(Locale.ROOT, " %12.1f", sum / seeds));
            }
            System.out.println(row);
        }
        System.out.printf("jittered columns: mean over %d seeds of independent Gaussian noise on yaw and pitch%n", seeds);
    }
}
