package dev.heed.aggregator.topology;

import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.WindowScope;
import dev.heed.topics.PersonKey;
import dev.heed.topics.Topics;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One person's samples in one tumbling window, as far as the AttentionWindow needs them: counts, running mean and
 * variance of each angle (Welford), and away episodes. A person's samples are applied in event order, so an
 * episode is simply an attending sample followed by an away one, and the accumulator stays the same size however
 * long the window. Mutable: {@link #add} updates it in place. Stored inside the person's state.
 */
public final class WindowAccumulator {
    static final int YAW = 0;
    static final int PITCH = 1;
    static final int ROLL = 2;
    static final byte LAST_NONE = 0;
    static final byte LAST_ATTENDING = 1;
    static final byte LAST_AWAY = 2;

    final long startMs;
    final long sizeMs;
    String policyId;
    int samples;
    /** Samples without a face (FACE_HIDDEN): counted, never attending, not in the angle statistics. */
    int hiddenSamples;
    int attendingSamples;
    int awayEpisodes;
    byte last;
    final double[] mean;
    final double[] m2;

    public WindowAccumulator(long startMs, long sizeMs) {
        this(startMs, sizeMs, "", 0, 0, 0, 0, LAST_NONE, new double[3], new double[3]);
    }

    WindowAccumulator(long startMs, long sizeMs, String policyId, int samples, int hiddenSamples, int attendingSamples,
                      int awayEpisodes, byte last, double[] mean, double[] m2) {
        this.startMs = startMs;
        this.sizeMs = sizeMs;
        this.policyId = policyId;
        this.samples = samples;
        this.hiddenSamples = hiddenSamples;
        this.attendingSamples = attendingSamples;
        this.awayEpisodes = awayEpisodes;
        this.last = last;
        this.mean = mean;
        this.m2 = m2;
    }

    /** The window of the given size that holds time t. */
    static WindowAccumulator holding(long t, long sizeMs) {
        return new WindowAccumulator(Math.floorDiv(t, sizeMs) * sizeMs, sizeMs);
    }

    /** Adds a sample; a hidden face's sample is never attending (whatever {@code attending} says) and has no angles. */
    public WindowAccumulator add(PoseSample s, boolean attending) {
        attending &= !s.hidden();
        if (attending) {
            attendingSamples++;
        } else if (last == LAST_ATTENDING) {
            awayEpisodes++;
        }
        last = attending ? LAST_ATTENDING : LAST_AWAY;
        samples++;
        if (s.hidden()) {
            hiddenSamples++;
        } else {
            int n = samples - hiddenSamples;
            addAngle(YAW, s.yawDeg(), n);
            addAngle(PITCH, s.pitchDeg(), n);
            addAngle(ROLL, s.rollDeg(), n);
        }
        policyId = s.settings().policyId();
        return this;
    }

    private void addAngle(int i, double x, int n) {
        double d = x - mean[i];
        mean[i] += d / n;
        m2[i] += d * (x - mean[i]);
    }

    public long startMs() {
        return startMs;
    }

    public long endMs() {
        return startMs + sizeMs;
    }

    public int samples() {
        return samples;
    }

    public int hiddenSamples() {
        return hiddenSamples;
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
        int n = samples - hiddenSamples;
        return n == 0 ? 0 : Math.sqrt(Math.max(0, m2[angle] / n));
    }

    public String policyId() {
        return policyId;
    }

    public AttentionWindow toWindow(PersonKey person) {
        return AttentionWindow.newBuilder()
                .setSchemaVersion(Topics.SCHEMA_VERSION)
                .setScope(WindowScope.WINDOW_SCOPE_PERSON)
                .setCameraId(person.cameraId())
                .setTrackId(person.trackId())
                .setWindowStartMs(startMs)
                .setWindowEndMs(endMs())
                .setWindowSizeS(Math.toIntExact(sizeMs / 1000))
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
                .setHiddenSamples(hiddenSamples)
                .build();
    }

    /** Bytes {@link #write} takes. */
    int serializedSize() {
        return 8 + 8 + 2 + policyId.getBytes(StandardCharsets.UTF_8).length + 4 + 4 + 4 + 4 + 1 + 6 * 8;
    }

    void write(ByteBuffer out) {
        byte[] id = policyId.getBytes(StandardCharsets.UTF_8);
        out.putLong(startMs).putLong(sizeMs).putShort((short) id.length).put(id).putInt(samples).putInt(hiddenSamples)
                .putInt(attendingSamples).putInt(awayEpisodes).put(last);
        for (int i = 0; i < 3; i++) {
            out.putDouble(mean[i]).putDouble(m2[i]);
        }
    }

    /** Throws IllegalArgumentException on truncated bytes. */
    static WindowAccumulator read(ByteBuffer in) {
        try {
            long start = in.getLong();
            long size = in.getLong();
            byte[] id = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(id);
            int samples = in.getInt();
            int hidden = in.getInt();
            int attending = in.getInt();
            int episodes = in.getInt();
            byte last = in.get();
            double[] mean = new double[3];
            double[] m2 = new double[3];
            for (int i = 0; i < 3; i++) {
                mean[i] = in.getDouble();
                m2[i] = in.getDouble();
            }
            return new WindowAccumulator(start, size, new String(id, StandardCharsets.UTF_8), samples, hidden, attending, episodes,
                    last, mean, m2);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated window accumulator", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowAccumulator w && startMs == w.startMs && sizeMs == w.sizeMs && policyId.equals(w.policyId)
                && samples == w.samples && hiddenSamples == w.hiddenSamples && attendingSamples == w.attendingSamples && awayEpisodes == w.awayEpisodes
                && last == w.last && Arrays.equals(mean, w.mean) && Arrays.equals(m2, w.m2);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(startMs) * 31 + samples;
    }

    @Override
    public String toString() {
        return "Window[" + startMs + "+" + sizeMs + ", " + samples + " samples, " + attendingSamples + " attending]";
    }
}
