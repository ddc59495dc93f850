package dev.heed.aggregator.topology;

import dev.heed.aggregator.policy.AttentionSettingsCodec;
import dev.heed.topics.PersonKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;

/** Binary form of a {@link PoseSample} in the reorder buffer and its changelog, with a leading format version. */
final class PoseSampleSerde {
    private static final byte VERSION = 1;

    private PoseSampleSerde() {
    }

    static byte[] write(PoseSample s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(s.person().cameraId());
            out.writeLong(s.person().trackId());
            out.writeLong(s.timeMs());
            // Pose events carry floats; nothing is lost.
            out.writeFloat((float) s.yawDeg());
            out.writeFloat((float) s.pitchDeg());
            out.writeFloat((float) s.rollDeg());
            out.writeFloat((float) s.confidence());
            AttentionSettingsCodec.write(out, s.settings());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static PoseSample read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("unknown buffered sample format version " + version);
            }
            PersonKey person = new PersonKey(in.readUTF(), in.readLong());
            return new PoseSample(person, in.readLong(), in.readFloat(), in.readFloat(), in.readFloat(), in.readFloat(),
                    AttentionSettingsCodec.read(in));
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("corrupt buffered sample", e);
        }
    }
}
