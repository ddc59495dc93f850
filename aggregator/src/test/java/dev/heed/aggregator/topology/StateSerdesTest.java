package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.topics.PersonKey;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class StateSerdesTest {
    private static final PersonKey P = new PersonKey("cam-1", 7);

    @Test
    void windowAccumulatorRoundTripsExactly() {
        WindowAccumulator acc = new WindowAccumulator();
        long t0 = 1_700_000_000_000L;
        // Out of order, equal times and a large gap exercise the delta encoding.
        long[] times = {t0 + 400, t0, t0 + 400, t0 + 9_999, t0 + 40};
        for (int i = 0; i < times.length; i++) {
            acc = acc.plus(new PoseSample(P, times[i], i * 10.5 - 20, -i, 0.25 * i, i % 2 == 0, "default"));
        }
        WindowAccumulatorSerde serde = new WindowAccumulatorSerde();
        byte[] bytes = serde.serializer().serialize("t", acc);
        WindowAccumulator back = serde.deserializer().deserialize("t", bytes);

        assertEquals(acc, back);
        assertEquals(5, back.samples());
        assertEquals(acc.toWindow(P, t0, t0 + 10_000, 10), back.toWindow(P, t0, t0 + 10_000, 10));
    }

    @Test
    void aLongWindowStaysSmall() {
        WindowAccumulator acc = new WindowAccumulator();
        for (int i = 0; i < 1500; i++) {
            acc = acc.plus(new PoseSample(P, 1_700_000_000_000L + i * 40L, 0, 0, 0, i % 50 < 40, "default"));
        }
        byte[] bytes = new WindowAccumulatorSerde().serializer().serialize("t", acc);
        assertTrue(bytes.length < 1600 + 64 + 200, "60 s at 25 fps took " + bytes.length + " bytes");
        assertEquals(30, new WindowAccumulatorSerde().deserializer().deserialize("t", bytes).awayEpisodes());
    }

    @Test
    void anUnknownFormatVersionIsRejected() {
        assertThrows(SerializationException.class, () -> new WindowAccumulatorSerde().deserializer().deserialize("t", new byte[] {9}));
        assertThrows(SerializationException.class, () -> new DistractionStateSerde().deserializer().deserialize("t", new byte[] {9}));
    }

    @Test
    void distractionStateRoundTrips() {
        DistractionStateSerde serde = new DistractionStateSerde();
        for (DistractionState s : new DistractionState[] {
                new DistractionState(1_700_000_003_000L, 1_700_000_000_000L, true, "default"),
                new DistractionState(5, DistractionState.NOT_AWAY, false, "p")}) {
            assertEquals(s, serde.deserializer().deserialize("t", serde.serializer().serialize("t", s)));
        }
    }
}
