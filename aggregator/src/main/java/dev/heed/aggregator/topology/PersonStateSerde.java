package dev.heed.aggregator.topology;

import dev.heed.aggregator.policy.AttentionSettingsCodec;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of a {@link PersonState} for its store and changelog, with a leading format version. Written and
 * read once per pose event (the store's cache holds bytes), hence a plain ByteBuffer layout of exact size.
 *
 * <p>Version 2 adds the face's visibility, the recent capture times and the open windows to version 1, which the
 * first release of the store wrote (its windows lived in a store of their own); version 1 records are still read,
 * with no history and no open windows, so a state restored from an old changelog carries on. Version 3 adds, last,
 * whether the person's stream has ended; version 2 records are read as not ended.
 */
public final class PersonStateSerde implements Serde<PersonState> {
    private static final byte VERSION_1 = 1;
    private static final byte VERSION_2 = 2;
    private static final byte VERSION = 3;
    private static final AttentionState[] STATES = AttentionState.values();

    private final AttentionSettingsCodec settingsCodec = new AttentionSettingsCodec();

    @Override
    public Serializer<PersonState> serializer() {
        return (topic, s) -> s == null ? null : write(s);
    }

    @Override
    public Deserializer<PersonState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    byte[] write(PersonState s) {
        long[] away = s.closedAway.bounds();
        int windowsBytes = 1;
        for (WindowAccumulator w : s.windows) {
            windowsBytes += w == null ? 0 : w.serializedSize();
        }
        int size = 1 + 1 + 4 * 8 + 1 + 2 * 8 + 3 * 4 + 1 + 8 + 1 + 2 + away.length * 8 + settingsCodec.size(s.settings)
                + 1 + 4 * s.recent.size() + windowsBytes + 1;
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(VERSION).put((byte) s.state.ordinal()).putLong(s.sinceMs).putLong(s.lastSeenMs).putLong(s.lastAwayMs)
                .putLong(s.candidateSinceMs)
                .put(flag(s.faceHidden)).putLong(s.visibilitySinceMs).putLong(s.visibilityCandidateSinceMs)
                // Pose events carry floats: nothing is lost.
                .putFloat((float) s.yawDeg).putFloat((float) s.pitchDeg).putFloat((float) s.rollDeg)
                .put(flag(s.longDistractionRaised)).putLong(s.timeSharingStartedMs).put(flag(s.absentRaised))
                .putShort((short) (away.length / 2));
        for (long b : away) {
            out.putLong(b);
        }
        settingsCodec.write(out, s.settings);
        // The history as offsets back from the last sample: 4 bytes each instead of 8.
        out.put((byte) s.recent.size());
        for (int i = 0; i < s.recent.size(); i++) {
            out.putInt(Math.toIntExact(Math.min(Integer.MAX_VALUE, s.lastSeenMs - s.recent.get(i))));
        }
        int open = 0;
        for (WindowAccumulator w : s.windows) {
            open += w == null ? 0 : 1;
        }
        out.put((byte) open);
        for (WindowAccumulator w : s.windows) {
            if (w != null) {
                w.write(out);
            }
        }
        out.put(flag(s.ended));
        return out.array();
    }

    PersonState read(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == VERSION_1) {
            return readVersion1(bytes);
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte version = in.get();
            if (version != VERSION && version != VERSION_2) {
                throw new SerializationException("unknown person state format version " + version);
            }
            PersonState s = new PersonState();
            s.state = STATES[Byte.toUnsignedInt(in.get())];
            s.sinceMs = in.getLong();
            s.lastSeenMs = in.getLong();
            s.lastAwayMs = in.getLong();
            s.candidateSinceMs = in.getLong();
            s.faceHidden = in.get() != 0;
            s.visibilitySinceMs = in.getLong();
            s.visibilityCandidateSinceMs = in.getLong();
            s.yawDeg = in.getFloat();
            s.pitchDeg = in.getFloat();
            s.rollDeg = in.getFloat();
            s.longDistractionRaised = in.get() != 0;
            s.timeSharingStartedMs = in.getLong();
            s.absentRaised = in.get() != 0;
            long[] away = new long[2 * Short.toUnsignedInt(in.getShort())];
            for (int i = 0; i < away.length; i++) {
                away[i] = in.getLong();
            }
            s.closedAway = AwayIntervals.of(away);
            s.settings = settingsCodec.read(in);
            int recent = Byte.toUnsignedInt(in.get());
            for (int i = 0; i < recent; i++) {
                s.recent.add(s.lastSeenMs - in.getInt());
            }
            WindowAccumulator[] windows = new WindowAccumulator[Byte.toUnsignedInt(in.get())];
            for (int i = 0; i < windows.length; i++) {
                windows[i] = WindowAccumulator.read(in);
            }
            s.windows = windows;
            if (version == VERSION) {
                s.ended = in.get() != 0;
            }
            if (in.hasRemaining()) {
                throw new SerializationException("corrupt person state: " + in.remaining() + " bytes left over");
            }
            return s;
        } catch (BufferUnderflowException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new SerializationException("corrupt person state", e);
        }
    }

    private static PersonState readVersion1(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            in.readByte();
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
            s.settings = AttentionSettingsCodec.readLegacy(in);
            return s;
        } catch (IOException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new SerializationException("corrupt person state (format 1)", e);
        }
    }

    private static byte flag(boolean b) {
        return (byte) (b ? 1 : 0);
    }
}
