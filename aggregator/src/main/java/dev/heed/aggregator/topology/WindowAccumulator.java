package dev.heed.aggregator.topology;

import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.WindowScope;
import dev.heed.topics.PersonKey;
import dev.heed.topics.Topics;
import java.util.Arrays;

/**
 * One person's samples in one window, as far as the AttentionWindow needs them: counts, running mean and
 * variance of each angle (Welford), and away episodes. Samples arrive in event order (the reorder buffer sees
 * to that), so an episode is simply an attending sample followed by an away one, and the accumulator stays
 * the same size however long the window. Mutable: {@link #add} updates it in place.
 */
public final class WindowAccumulator {
    static final int YAW = 0;
    static final int PITCH = 1;
    static final int ROLL = 2;
    static final byte LAST_NONE = 0;
    static final byte LAST_ATTENDING = 1;
    static final byte LAST_AWAY = 2;

    final long startMs;
    String policyId;
    int samples;
    int attendingSamples;
    int awayEpisodes;
    byte last;
    final double[] mean;
    final double[] m2;

    public WindowAccumulator(long startMs) {
        this(startMs, "", 0, 0, 0, LAST_NONE, new double[3], new double[3]);
    }

    WindowAccumulator(long startMs, String policyId, int samples, int attendingSamples, int awayEpisodes, byte last,
                      double[] mean, double[] m2) {
        this.startMs = startMs;
        this.policyId = policyId;
        this.samples = samples;
        this.attendingSamples = attendingSamples;
        this.awayEpisodes = awayEpisodes;
        this.last = last;
        this.mean = mean;
        this.m2 = m2;
    }

    public WindowAccumulator add(PoseSample s, boolean attending) {
        if (attending) {
            attendingSamples++;
        } else if (last == LAST_ATTENDING) {
            awayEpisodes++;
        }
        last = attending ? LAST_ATTENDING : LAST_AWAY;
        samples++;
        double[] x = {s.yawDeg(), s.pitchDeg(), s.rollDeg()};
        for (int i = 0; i < 3; i++) {
            double d = x[i] - mean[i];
            mean[i] += d / samples;
            m2[i] += d * (x[i] - mean[i]);
        }
        policyId = s.settings().policyId();
        return this;
    }

    public long startMs() {
        return startMs;
    }

    public int samples() {
        return samples;
    }

    public int attendingSamples() {
        return attendingSamples;
    }

    public int awayEpisodes() {
        return awayEpisodes;
    }

    public double mean(int angle) {
        return mean[angle];
    }

    /** Population standard deviation: it describes these samples, it does not estimate a wider population. */
    public double std(int angle) {
        return samples == 0 ? 0 : Math.sqrt(Math.max(0, m2[angle] / samples));
    }

    public String policyId() {
        return policyId;
    }

    public AttentionWindow toWindow(PersonKey person, long endMs, int sizeS) {
        return AttentionWindow.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setScope(WindowScope.WINDOW_SCOPE_PERSON)
                .setCameraId(person.cameraId())
                .setTrackId(person.trackId())
                .setWindowStartMs(startMs)
                .setWindowEndMs(endMs)
                .setWindowSizeS(sizeS)
                .setPeoplePresent(1)
                .setSamples(samples)
                .setAttendingSamples(attendingSamples)
                .setAttendingShare(samples == 0 ? 0f : (float) attendingSamples / samples)
                .setMeanYawDeg((float) mean[YAW])
                .setMeanPitchDeg((float) mean[PITCH])
                .setMeanRollDeg((float) mean[ROLL])
                .setStdYawDeg((float) std(YAW))
                .setStdPitchDeg((float) std(PITCH))
                .setStdRollDeg((float) std(ROLL))
                .setAwayEpisodes(awayEpisodes)
                .setPolicyId(policyId)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowAccumulator w && startMs == w.startMs && policyId.equals(w.policyId) && samples == w.samples
                && attendingSamples == w.attendingSamples && awayEpisodes == w.awayEpisodes && last == w.last
                && Arrays.equals(mean, w.mean) && Arrays.equals(m2, w.m2);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(startMs) * 31 + samples;
    }
}
