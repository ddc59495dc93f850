package dev.heed.aggregator.policy;

import java.io.DataInput;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary form of {@link AttentionSettings} inside the aggregator's person state. It is written and read with
 * every person's state, almost always for the same settings (the defaults, or one policy's), so the last settings
 * and their bytes are remembered: encoding or validating them again would cost on every event. Thread-safe (the
 * remembered pair is swapped as one immutable value).
 */
public final class AttentionSettingsCodec {
    private static final int FIXED_BYTES = 2 + 11 * 8 + 1;

    private record Encoded(AttentionSettings settings, byte[] bytes) {
    }

    private volatile Encoded last;

    /** Bytes {@link #write} will take for these settings. */
    public int size(AttentionSettings s) {
        return encoded(s).bytes().length;
    }

    public void write(ByteBuffer out, AttentionSettings s) {
        out.put(encoded(s).bytes());
    }

    /** Throws IllegalArgumentException if the bytes are truncated or the values no longer validate (a corrupt record). */
    public AttentionSettings read(ByteBuffer in) {
        try {
            int start = in.position();
            int length = FIXED_BYTES + Short.toUnsignedInt(in.getShort(start));
            Encoded e = last;
            if (e != null && e.bytes().length == length && in.slice(start, length).equals(ByteBuffer.wrap(e.bytes()))) {
                in.position(start + length);
                return e.settings();
            }
            AttentionSettings s = decode(in);
            byte[] bytes = new byte[length];
            in.get(start, bytes);
            last = new Encoded(s, bytes);
            return s;
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated attention settings", e);
        }
    }

    private Encoded encoded(AttentionSettings s) {
        Encoded e = last;
        if (e != null && (e.settings() == s || e.settings().equals(s))) {
            return e;
        }
        byte[] id = s.policyId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(FIXED_BYTES + id.length);
        b.putShort((short) id.length).put(id)
                .putDouble(s.yaw0Deg()).putDouble(s.pitch0Deg()).putDouble(s.yawToleranceDeg())
                .putDouble(s.pitchToleranceDeg()).putDouble(s.hysteresisMarginDeg()).putLong(s.minDwellMs())
                .putDouble(s.minConfidence()).putLong(s.longDistractionMs()).putLong(s.timeSharingTotalMs())
                .putLong(s.timeSharingSpanMs()).putLong(s.absentAfterMs()).put((byte) (s.absentAlerts() ? 1 : 0));
        e = new Encoded(s, b.array());
        last = e;
        return e;
    }

    private static AttentionSettings decode(ByteBuffer in) {
        byte[] id = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(id);
        return new AttentionSettings(new String(id, StandardCharsets.UTF_8), in.getDouble(), in.getDouble(), in.getDouble(),
                in.getDouble(), in.getDouble(), in.getLong(), in.getDouble(), in.getLong(), in.getLong(), in.getLong(),
                in.getLong(), in.get() != 0);
    }

    /** The settings as the first person-state format wrote them (DataOutput, modified UTF-8 policy id). */
    public static AttentionSettings readLegacy(DataInput in) throws IOException {
        return new AttentionSettings(in.readUTF(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                in.readDouble(), in.readLong(), in.readDouble(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readBoolean());
    }
}
