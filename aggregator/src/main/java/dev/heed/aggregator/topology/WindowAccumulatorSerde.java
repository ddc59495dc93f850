package dev.heed.aggregator.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of a {@link WindowAccumulator} for the person-windows store and its changelog. The leading
 * version byte lets the format evolve without misreading old changelogs (version 1, the event timeline of
 * the walking skeleton, lived in differently named stores).
 */
public final class WindowAccumulatorSerde implements Serde<WindowAccumulator> {
    private static final byte VERSION = 2;

    @Override
    public Serializer<WindowAccumulator> serializer() {
        return (topic, acc) -> acc == null ? null : write(acc);
    }

    @Override
    public Deserializer<WindowAccumulator> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(WindowAccumulator acc) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(acc.startMs);
            out.writeUTF(acc.policyId);
            out.writeInt(acc.samples);
            out.writeInt(acc.attendingSamples);
            out.writeInt(acc.awayEpisodes);
            out.writeByte(acc.last);
            for (int i = 0; i < 3; i++) {
                out.writeDouble(acc.mean[i]);
                out.writeDouble(acc.m2[i]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static WindowAccumulator read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("unknown window accumulator format version " + version);
            }
            long start = in.readLong();
            String policyId = in.readUTF();
            int samples = in.readInt();
            int attending = in.readInt();
            int episodes = in.readInt();
            byte last = in.readByte();
            double[] mean = new double[3];
            double[] m2 = new double[3];
            for (int i = 0; i < 3; i++) {
                mean[i] = in.readDouble();
                m2[i] = in.readDouble();
            }
            return new WindowAccumulator(start, policyId, samples, attending, episodes, last, mean, m2);
        } catch (IOException e) {
            throw new SerializationException("corrupt window accumulator", e);
        }
    }
}
