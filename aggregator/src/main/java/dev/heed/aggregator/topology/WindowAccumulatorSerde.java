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
 * Binary form of a {@link WindowAccumulator} for the window stores, their changelogs and the suppression
 * buffers. Sample times are delta-encoded varints (a 60 s window at 25 fps is about 3 KB, not 13), because
 * the whole accumulator is rewritten on every sample. The leading version byte lets the format evolve
 * without misreading old changelogs.
 */
public final class WindowAccumulatorSerde implements Serde<WindowAccumulator> {
    private static final byte VERSION = 1;

    @Override
    public Serializer<WindowAccumulator> serializer() {
        return (topic, acc) -> acc == null ? null : write(acc);
    }

    @Override
    public Deserializer<WindowAccumulator> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(WindowAccumulator acc) {
        long[] times = acc.times();
        boolean[] attending = acc.attending();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + times.length * 2);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(acc.policyId());
            writeVarLong(out, times.length);
            for (int i = 0; i < times.length; i++) {
                writeVarLong(out, i == 0 ? zigZag(times[0]) : times[i] - times[i - 1]);
            }
            for (int i = 0; i < attending.length; i += 8) {
                int b = 0;
                for (int j = 0; j < 8 && i + j < attending.length; j++) {
                    if (attending[i + j]) {
                        b |= 1 << j;
                    }
                }
                out.writeByte(b);
            }
            for (int i = 0; i < 3; i++) {
                out.writeDouble(acc.meanArray()[i]);
                out.writeDouble(acc.m2Array()[i]);
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
            String policyId = in.readUTF();
            long n = readVarLong(in);
            if (n < 0 || n > bytes.length) {
                throw new SerializationException("corrupt window accumulator: " + n + " samples in " + bytes.length + " bytes");
            }
            long[] times = new long[(int) n];
            for (int i = 0; i < n; i++) {
                long v = readVarLong(in);
                times[i] = i == 0 ? unZigZag(v) : times[i - 1] + v;
            }
            boolean[] attending = new boolean[(int) n];
            for (int i = 0; i < n; i += 8) {
                int b = in.readUnsignedByte();
                for (int j = 0; j < 8 && i + j < n; j++) {
                    attending[i + j] = (b & (1 << j)) != 0;
                }
            }
            double[] mean = new double[3];
            double[] m2 = new double[3];
            for (int i = 0; i < 3; i++) {
                mean[i] = in.readDouble();
                m2[i] = in.readDouble();
            }
            return new WindowAccumulator(policyId, times, attending, mean, m2);
        } catch (IOException e) {
            throw new SerializationException("corrupt window accumulator", e);
        }
    }

    private static long zigZag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unZigZag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static void writeVarLong(DataOutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readVarLong(DataInputStream in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new SerializationException("corrupt window accumulator: varint too long");
    }
}
