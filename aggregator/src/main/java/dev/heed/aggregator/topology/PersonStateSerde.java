package dev.heed.aggregator.topology;

import dev.heed.aggregator.policy.AttentionSettingsCodec;
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

/** Binary form of a {@link PersonState} for its store and changelog, with a leading format version. */
public final class PersonStateSerde implements Serde<PersonState> {
    private static final byte VERSION = 1;
    private static final AttentionState[] STATES = AttentionState.values();

    @Override
    public Serializer<PersonState> serializer() {
        return (topic, s) -> s == null ? null : write(s);
    }

    @Override
    public Deserializer<PersonState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(PersonState s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(192 + s.closedAway.size() * 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(s.state.ordinal());
            out.writeLong(s.sinceMs);
            out.writeLong(s.lastSeenMs);
            out.writeLong(s.lastAwayMs);
            out.writeLong(s.candidateSinceMs);
            out.writeDouble(s.yawDeg);
            out.writeDouble(s.pitchDeg);
            out.writeDouble(s.rollDeg);
            out.writeBoolean(s.longDistractionRaised);
            out.writeLong(s.timeSharingStartedMs);
            out.writeBoolean(s.absentRaised);
            long[] bounds = s.closedAway.bounds();
            out.writeShort(bounds.length / 2);
            for (long b : bounds) {
                out.writeLong(b);
            }
            AttentionSettingsCodec.write(out, s.settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static PersonState read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("unknown person state format version " + version);
            }
            PersonState s = new PersonState();
            s.state = STATES[in.readUnsignedByte()];
            s.sinceMs = in.readLong();
            s.lastSeenMs = in.readLong();
            s.lastAwayMs = in.readLong();
            s.candidateSinceMs = in.readLong();
            s.yawDeg = in.readDouble();
            s.pitchDeg = in.readDouble();
            s.rollDeg = in.readDouble();
            s.longDistractionRaised = in.readBoolean();
            s.timeSharingStartedMs = in.readLong();
            s.absentRaised = in.readBoolean();
            long[] bounds = new long[2 * in.readUnsignedShort()];
            for (int i = 0; i < bounds.length; i++) {
                bounds[i] = in.readLong();
            }
            s.closedAway = AwayIntervals.of(bounds);
            s.settings = AttentionSettingsCodec.read(in);
            return s;
        } catch (IOException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new SerializationException("corrupt person state", e);
        }
    }
}
