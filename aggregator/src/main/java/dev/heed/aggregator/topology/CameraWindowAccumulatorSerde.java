package dev.heed.aggregator.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.TreeSet;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Binary form of a {@link CameraWindowAccumulator} for the camera window stores, with a leading format version. */
public final class CameraWindowAccumulatorSerde implements Serde<CameraWindowAccumulator> {
    /** 2 adds the hidden samples; 1 was the DSL window stores', which the camera-windows store never held. */
    private static final byte VERSION = 2;

    @Override
    public Serializer<CameraWindowAccumulator> serializer() {
        return (topic, acc) -> {
            if (acc == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(VERSION);
                out.writeInt(acc.people);
                out.writeLong(acc.samples);
                out.writeLong(acc.hiddenSamples);
                out.writeLong(acc.attendingSamples);
                out.writeLong(acc.awayEpisodes);
                for (int i = 0; i < 3; i++) {
                    out.writeDouble(acc.mean[i]);
                    out.writeDouble(acc.m2[i]);
                }
                out.writeByte(acc.policyIds.size());
                for (String id : acc.policyIds) {
                    out.writeUTF(id);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        };
    }

    @Override
    public Deserializer<CameraWindowAccumulator> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                byte version = in.readByte();
                if (version != VERSION) {
                    throw new SerializationException("unknown camera window format version " + version);
                }
                int people = in.readInt();
                long samples = in.readLong();
                long hidden = in.readLong();
                long attending = in.readLong();
                long episodes = in.readLong();
                double[] mean = new double[3];
                double[] m2 = new double[3];
                for (int i = 0; i < 3; i++) {
                    mean[i] = in.readDouble();
                    m2[i] = in.readDouble();
                }
                TreeSet<String> ids = new TreeSet<>();
                int n = in.readUnsignedByte();
                for (int i = 0; i < n; i++) {
                    ids.add(in.readUTF());
                }
                return new CameraWindowAccumulator(people, samples, hidden, attending, episodes, mean, m2, ids);
            } catch (IOException e) {
                throw new SerializationException("corrupt camera window", e);
            }
        };
    }
}
