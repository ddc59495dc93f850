package dev.heed.aggregator.topology;

import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.WindowScope;
import dev.heed.topics.Topics;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * A camera's window, combined from its people's closed windows of the same size and start: people present,
 * sample sums, and the angle statistics pooled over every sample (Chan et al.'s parallel variance). Mutable.
 */
public final class CameraWindowAccumulator {
    /** Policy ids listed on a camera window; a camera with more distinct policies than this is unusual. */
    static final int MAX_POLICY_IDS = 16;

    int people;
    long samples;
    /** Samples without a face: in samples, not in the angle statistics. */
    long hiddenSamples;
    long attendingSamples;
    long awayEpisodes;
    final double[] mean;
    final double[] m2;
    final TreeSet<String> policyIds;

    public CameraWindowAccumulator() {
        this(0, 0, 0, 0, 0, new double[3], new double[3], new TreeSet<>());
    }

    CameraWindowAccumulator(int people, long samples, long hiddenSamples, long attendingSamples, long awayEpisodes, double[] mean,
                            double[] m2, TreeSet<String> policyIds) {
        this.people = people;
        this.samples = samples;
        this.hiddenSamples = hiddenSamples;
        this.attendingSamples = attendingSamples;
        this.awayEpisodes = awayEpisodes;
        this.mean = mean;
        this.m2 = m2;
        this.policyIds = policyIds;
    }

    public CameraWindowAccumulator add(AttentionWindow w) {
        people++;
        // The angle statistics cover the samples with a face only, here as in each person's window.
        long n = w.getSamples() - w.getHiddenSamples();
        long pooled = samples - hiddenSamples;
        if (n > 0) {
            double[] wMean = {w.getMeanYawDeg(), w.getMeanPitchDeg(), w.getMeanRollDeg()};
            double[] wStd = {w.getStdYawDeg(), w.getStdPitchDeg(), w.getStdRollDeg()};
            long total = pooled + n;
            for (int i = 0; i < 3; i++) {
                double d = wMean[i] - mean[i];
                m2[i] += wStd[i] * wStd[i] * n + d * d * pooled * n / total;
                mean[i] += d * n / total;
            }
        }
        samples += w.getSamples();
        hiddenSamples += w.getHiddenSamples();
        attendingSamples += w.getAttendingSamples();
        awayEpisodes += w.getAwayEpisodes();
        if (policyIds.size() < MAX_POLICY_IDS) {
            policyIds.add(w.getPolicyId());
        }
        return this;
    }

    public AttentionWindow toWindow(String cameraId, long startMs, long endMs, int sizeS) {
        return AttentionWindow.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setScope(WindowScope.WINDOW_SCOPE_CAMERA)
                .setCameraId(cameraId)
                .setWindowStartMs(startMs)
                .setWindowEndMs(endMs)
                .setWindowSizeS(sizeS)
                .setPeoplePresent(people)
                .setSamples(Math.toIntExact(samples))
                .setAttendingSamples(Math.toIntExact(attendingSamples))
                .setAttendingShare(samples == 0 ? 0f : (float) attendingSamples / samples)
                .setMeanYawDeg((float) mean[0])
                .setMeanPitchDeg((float) mean[1])
                .setMeanRollDeg((float) mean[2])
                .setStdYawDeg((float) std(0))
                .setStdPitchDeg((float) std(1))
                .setStdRollDeg((float) std(2))
                .setAwayEpisodes(Math.toIntExact(awayEpisodes))
                .setHiddenSamples(Math.toIntExact(hiddenSamples))
                .setPolicyId(String.join(",", policyIds))
                .build();
    }

    double std(int angle) {
        long n = samples - hiddenSamples;
        return n == 0 ? 0 : Math.sqrt(Math.max(0, m2[angle] / n));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CameraWindowAccumulator c && people == c.people && samples == c.samples
                && hiddenSamples == c.hiddenSamples
                && attendingSamples == c.attendingSamples && awayEpisodes == c.awayEpisodes && Arrays.equals(mean, c.mean)
                && Arrays.equals(m2, c.m2) && policyIds.equals(c.policyIds);
    }

    @Override
    public int hashCode() {
        return people * 31 + Long.hashCode(samples);
    }
}
