package dev.heed.aggregator.topology;

import dev.heed.proto.v1.AttentionWindow;
import dev.heed.topics.PersonKey;
import dev.heed.topics.Topics;
import java.util.Arrays;

/**
 * One person's samples in one window, as far as the AttentionWindow needs them: running mean and variance
 * of each angle (Welford), and the samples' (time, attending) timeline in event order. The timeline is kept
 * whole because away episodes are counted in event order, and a sample arriving out of order can land
 * between two others and split or join episodes. Immutable: {@link #plus} returns a new accumulator.
 */
public final class WindowAccumulator {
    static final int YAW = 0;
    static final int PITCH = 1;
    static final int ROLL = 2;

    private final String policyId;
    private final long[] times;
    private final boolean[] attending;
    private final double[] mean;
    private final double[] m2;

    public WindowAccumulator() {
        this("", new long[0], new boolean[0], new double[3], new double[3]);
    }

    WindowAccumulator(String policyId, long[] times, boolean[] attending, double[] mean, double[] m2) {
        if (times.length != attending.length || mean.length != 3 || m2.length != 3) {
            throw new IllegalArgumentException("inconsistent window accumulator");
        }
        this.policyId = policyId;
        this.times = times;
        this.attending = attending;
        this.mean = mean;
        this.m2 = m2;
    }

    public WindowAccumulator plus(PoseSample s) {
        int n = times.length;
        // After every sample with the same or an earlier time, so equal times keep their arrival order.
        int at = n;
        while (at > 0 && times[at - 1] > s.timeMs()) {
            at--;
        }
        long[] t = new long[n + 1];
        boolean[] a = new boolean[n + 1];
        System.arraycopy(times, 0, t, 0, at);
        System.arraycopy(attending, 0, a, 0, at);
        t[at] = s.timeMs();
        a[at] = s.attending();
        System.arraycopy(times, at, t, at + 1, n - at);
        System.arraycopy(attending, at, a, at + 1, n - at);

        double[] mu = mean.clone();
        double[] q = m2.clone();
        double[] x = {s.yawDeg(), s.pitchDeg(), s.rollDeg()};
        for (int i = 0; i < 3; i++) {
            double d = x[i] - mu[i];
            mu[i] += d / (n + 1);
            q[i] += d * (x[i] - mu[i]);
        }
        return new WindowAccumulator(s.policyId(), t, a, mu, q);
    }

    public int samples() {
        return times.length;
    }

    public int attendingSamples() {
        int c = 0;
        for (boolean b : attending) {
            if (b) {
                c++;
            }
        }
        return c;
    }

    /** Attending-to-away transitions between consecutive samples of this window, in event order. */
    public int awayEpisodes() {
        int c = 0;
        for (int i = 1; i < attending.length; i++) {
            if (attending[i - 1] && !attending[i]) {
                c++;
            }
        }
        return c;
    }

    public double mean(int angle) {
        return mean[angle];
    }

    /** Population standard deviation: it describes these samples, it does not estimate a wider population. */
    public double std(int angle) {
        return times.length == 0 ? 0 : Math.sqrt(Math.max(0, m2[angle] / times.length));
    }

    public String policyId() {
        return policyId;
    }

    public AttentionWindow toWindow(PersonKey person, long startMs, long endMs, int sizeS) {
        int n = samples();
        int att = attendingSamples();
        return AttentionWindow.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setCameraId(person.cameraId())
                .setTrackId(person.trackId())
                .setWindowStartMs(startMs)
                .setWindowEndMs(endMs)
                .setWindowSizeS(sizeS)
                .setSamples(n)
                .setAttendingSamples(att)
                .setAttendingShare(n == 0 ? 0f : (float) att / n)
                .setMeanYawDeg((float) mean[YAW])
                .setMeanPitchDeg((float) mean[PITCH])
                .setMeanRollDeg((float) mean[ROLL])
                .setStdYawDeg((float) std(YAW))
                .setStdPitchDeg((float) std(PITCH))
                .setStdRollDeg((float) std(ROLL))
                .setAwayEpisodes(awayEpisodes())
                .setPolicyId(policyId)
                .build();
    }

    // Views for the serde.

    long[] times() {
        return times;
    }

    boolean[] attending() {
        return attending;
    }

    double[] meanArray() {
        return mean;
    }

    double[] m2Array() {
        return m2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowAccumulator w && policyId.equals(w.policyId) && Arrays.equals(times, w.times)
                && Arrays.equals(attending, w.attending) && Arrays.equals(mean, w.mean) && Arrays.equals(m2, w.m2);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(times) * 31 + policyId.hashCode();
    }
}
