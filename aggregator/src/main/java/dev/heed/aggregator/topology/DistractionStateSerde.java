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

/** Binary form of a {@link DistractionState} for its store and changelog, with a leading format version. */
public final class DistractionStateSerde implements Serde<DistractionState> {
    private static final byte VERSION = 1;

    @Override
    public Serializer<DistractionState> serializer() {
        return (topic, s) -> {
            if (s == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(VERSION);
                out.writeLong(s.lastEventMs());
                out.writeLong(s.awayStartedMs());
                out.writeBoolean(s.raised());
                out.writeUTF(s.policyId());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        };
    }

    @Override
    public Deserializer<DistractionState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                byte version = in.readByte();
                if (version != VERSION) {
                    throw new SerializationException("unknown distraction state format version " + version);
                }
                return new DistractionState(in.readLong(), in.readLong(), in.readBoolean(), in.readUTF());
            } catch (IOException e) {
                throw new SerializationException("corrupt distraction state", e);
            }
        };
    }
}
