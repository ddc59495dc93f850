package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.aggregator.policy.AttentionSettings;
import dev.heed.aggregator.policy.AttentionSettingsCodec;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.topics.PersonKey;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class StateSerdesTest {
    private static final PersonKey P = new PersonKey("cam-1", 7);
    private static final long T0 = 1_700_000_000_000L;
    private static final AttentionSettings POLICY = new AttentionSettings("room-ü", 10, -5, 20, 15, 3, 250, 0.4, 4000, 12_000,
            40_000, 7000, true);

    private static PoseSample sample(long t, double yaw) {
        return new PoseSample(P, t, yaw, -3.5, 1.25, 0.75, AggregatorConfig.DEFAULT_SETTINGS);
    }

    private static PersonState state(AttentionSettings settings) {
        PersonState s = new PersonState();
        s.state = AttentionState.AWAY;
        s.sinceMs = T0;
        s.lastSeenMs = T0 + 4000;
        s.lastAwayMs = T0 + 3900;
        s.candidateSinceMs = T0 + 4000;
        s.yawDeg = -61.5;
        s.pitchDeg = 2.25;
        s.rollDeg = -0.5;
        s.longDistractionRaised = true;
        s.timeSharingStartedMs = T0 - 20_000;
        s.absentRaised = false;
        s.closedAway = AwayIntervals.of(T0 - 20_000, T0 - 18_000, T0 - 9_000, T0 - 9_000);
        s.settings = settings;
        for (long t = T0 + 800; t <= T0 + 4000; t += 40) {
            s.recent.add(t);
        }
        WindowAccumulator ten = new WindowAccumulator(T0, 10_000);
        WindowAccumulator sixty = new WindowAccumulator(T0 - 20_000, 60_000);
        for (int i = 0; i < 5; i++) {
            ten.add(sample(T0 + i * 100, i * 10.5 - 20), i % 2 == 0);
            sixty.add(sample(T0 + i * 100, i * 10.5 - 20), i % 2 == 0);
        }
        s.windows = new WindowAccumulator[] {ten, sixty};
        return s;
    }

    @Test
    void personStateWithItsWindowsAndHistoryRoundTripsExactly() {
        PersonStateSerde serde = new PersonStateSerde();
        for (AttentionSettings settings : new AttentionSettings[] {AggregatorConfig.DEFAULT_SETTINGS, POLICY,
                AggregatorConfig.DEFAULT_SETTINGS}) {
            PersonState s = state(settings);
            PersonState back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", s));
            assertEquals(s, back);
            assertEquals(RecentCaptureTimes.CAPACITY, back.recent.size(), "only the newest are kept");
            assertEquals(T0 + 4000, back.recent.get(RecentCaptureTimes.CAPACITY - 1));
            assertEquals(settings, back.settings());
        }
        PersonState ended = state(AggregatorConfig.DEFAULT_SETTINGS);
        ended.ended = true;
        byte[] bytes = serde.serializer().serialize("t", ended);
        assertTrue(serde.deserializer().deserialize("t", bytes).ended(), "whether the stream has ended");
        // Version 2 (before the flag): the same bytes without the last one, read as not ended.
        byte[] v2 = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        v2[0] = 2;
        PersonState old = serde.deserializer().deserialize("t", v2);
        assertTrue(!old.ended());
        ended.ended = false;
        assertEquals(ended, old);
    }

    @Test
    void aWindowCarriedOnFromItsCopyEqualsTheOriginalCarriedOn() {
        PersonStateSerde serde = new PersonStateSerde();
        PersonState s = state(AggregatorConfig.DEFAULT_SETTINGS);
        WindowAccumulator back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", s)).windows[0];
        WindowAccumulator acc = s.windows[0];
        assertEquals(acc.toWindow(P), back.toWindow(P));
        assertEquals(acc.add(sample(T0 + 900, 3), false), back.add(sample(T0 + 900, 3), false));
    }

    /** What the first release wrote to the person-state changelog; an upgraded aggregator restores from it. */
    @Test
    void theFirstFormatIsStillRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeByte(AttentionState.AWAY.ordinal());
            out.writeLong(T0);
            out.writeLong(T0 + 4000);
            out.writeLong(T0 + 3900);
            out.writeLong(PersonState.NONE);
            out.writeDouble(-61.5);
            out.writeDouble(2.25);
            out.writeDouble(-0.5);
            out.writeBoolean(true);
            out.writeLong(PersonState.NONE);
            out.writeBoolean(false);
            out.writeShort(1);
            out.writeLong(T0 - 9000);
            out.writeLong(T0 - 8000);
            out.writeUTF(POLICY.policyId());
            for (double d : new double[] {10, -5, 20, 15, 3}) {
                out.writeDouble(d);
            }
            out.writeLong(250);
            out.writeDouble(0.4);
            for (long l : new long[] {4000, 12_000, 40_000, 7000}) {
                out.writeLong(l);
            }
            out.writeBoolean(true);
        }
        PersonState s = new PersonStateSerde().deserializer().deserialize("t", bytes.toByteArray());
        assertEquals(AttentionState.AWAY, s.state());
        assertEquals(T0, s.sinceMs());
        assertEquals(T0 + 4000, s.lastSeenMs());
        assertEquals(-61.5, s.yawDeg());
        assertEquals(AwayIntervals.of(T0 - 9000, T0 - 8000), s.closedAway());
        assertEquals(POLICY, s.settings());
        assertEquals(0, s.recent.size());
        assertEquals(0, s.windows.length);
    }

    @Test
    void cameraWindowAccumulatorRoundTrips() {
        CameraWindowAccumulator acc = new CameraWindowAccumulator()
                .add(AttentionWindow.newBuilder().setSamples(4).setAttendingSamples(3).setMeanYawDeg(2).setStdYawDeg(1)
                        .setPolicyId("a").build())
                .add(AttentionWindow.newBuilder().setSamples(2).setMeanYawDeg(-8).setStdYawDeg(3).setPolicyId("b").build());
        CameraWindowAccumulatorSerde serde = new CameraWindowAccumulatorSerde();
        assertEquals(acc, serde.deserializer().deserialize("t", serde.serializer().serialize("t", acc)));
        assertEquals("a,b", acc.toWindow("cam-1", T0, T0 + 10_000, 10).getPolicyId());
    }

    @Test
    void cameraProgressRoundTrips() {
        CameraProgress p = new CameraProgress();
        p.join(3);
        p.advance(0, T0);
        p.closeThrough(10, T0);
        p.closeThrough(60, T0 - 50_000);
        CameraProgress.CameraProgressSerde serde = new CameraProgress.CameraProgressSerde();
        assertEquals(p, serde.deserializer().deserialize("t", serde.serializer().serialize("t", p)));
    }

    @Test
    void corruptOrUnknownFormatsAreRejected() {
        byte[] nine = {9};
        assertThrows(SerializationException.class, () -> new PersonStateSerde().deserializer().deserialize("t", nine));
        assertThrows(SerializationException.class, () -> new CameraWindowAccumulatorSerde().deserializer().deserialize("t", nine));
        assertThrows(SerializationException.class, () -> new CameraProgress.CameraProgressSerde().deserializer().deserialize("t", nine));
        PersonStateSerde serde = new PersonStateSerde();
        byte[] whole = serde.serializer().serialize("t", state(POLICY));
        assertThrows(SerializationException.class, () -> new PersonStateSerde().deserializer()
                .deserialize("t", Arrays.copyOf(whole, whole.length - 3)), "truncated");
        assertThrows(SerializationException.class, () -> new PersonStateSerde().deserializer()
                .deserialize("t", Arrays.copyOf(whole, whole.length + 1)), "trailing bytes");
    }

    @Test
    void theSettingsCodecRemembersItsLastSettingsButNeverConfusesTwo() {
        AttentionSettingsCodec codec = new AttentionSettingsCodec();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(codec.size(POLICY) + codec.size(AggregatorConfig.DEFAULT_SETTINGS));
        codec.write(b, POLICY);
        codec.write(b, AggregatorConfig.DEFAULT_SETTINGS);
        b.flip();
        assertEquals(POLICY, codec.read(b));
        assertEquals(AggregatorConfig.DEFAULT_SETTINGS, codec.read(b));
    }
}
