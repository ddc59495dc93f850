package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.topics.PersonKey;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class StateSerdesTest {
    private static final PersonKey P = new PersonKey("cam-1", 7);
    private static final long T0 = 1_700_000_000_000L;

    private static PoseSample sample(long t, double yaw) {
        return new PoseSample(P, t, yaw, -3.5, 1.25, 0.75, AggregatorConfig.DEFAULT_SETTINGS);
    }

    @Test
    void windowAccumulatorRoundTripsExactly() {
        WindowAccumulator acc = new WindowAccumulator(T0);
        for (int i = 0; i < 5; i++) {
            acc.add(sample(T0 + i * 100, i * 10.5 - 20), i % 2 == 0);
        }
        WindowAccumulatorSerde serde = new WindowAccumulatorSerde();
        WindowAccumulator back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", acc));
        assertEquals(acc, back);
        assertEquals(acc.toWindow(P, T0 + 10_000, 10), back.toWindow(P, T0 + 10_000, 10));
        // Carrying on from the copy gives what carrying on from the original gives.
        assertEquals(acc.add(sample(T0 + 900, 3), false), back.add(sample(T0 + 900, 3), false));
    }

    @Test
    void personStateRoundTripsExactly() {
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
        s.settings = AggregatorConfig.DEFAULT_SETTINGS;
        PersonStateSerde serde = new PersonStateSerde();
        assertEquals(s, serde.deserializer().deserialize("t", serde.serializer().serialize("t", s)));
    }

    @Test
    void bufferedSamplesRoundTripExactly() {
        PoseSample s = sample(T0, -12.375);
        assertEquals(s, PoseSampleSerde.read(PoseSampleSerde.write(s)));
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
    void anUnknownFormatVersionIsRejected() {
        byte[] nine = {9};
        assertThrows(SerializationException.class, () -> new WindowAccumulatorSerde().deserializer().deserialize("t", nine));
        assertThrows(SerializationException.class, () -> new PersonStateSerde().deserializer().deserialize("t", nine));
        assertThrows(SerializationException.class, () -> new CameraWindowAccumulatorSerde().deserializer().deserialize("t", nine));
        assertThrows(SerializationException.class, () -> PoseSampleSerde.read(nine));
    }
}
