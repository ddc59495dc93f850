package dev.heed.aggregator.policy;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The binary form of {@link AttentionSettings} inside the aggregator's state records (buffer and person state). */
public final class AttentionSettingsCodec {
    private AttentionSettingsCodec() {
    }

    public static void write(DataOutput out, AttentionSettings s) throws IOException {
        out.writeUTF(s.policyId());
        out.writeDouble(s.yaw0Deg());
        out.writeDouble(s.pitch0Deg());
        out.writeDouble(s.yawToleranceDeg());
        out.writeDouble(s.pitchToleranceDeg());
        out.writeDouble(s.hysteresisMarginDeg());
        out.writeLong(s.minDwellMs());
        out.writeDouble(s.minConfidence());
        out.writeLong(s.longDistractionMs());
        out.writeLong(s.timeSharingTotalMs());
        out.writeLong(s.timeSharingSpanMs());
        out.writeLong(s.absentAfterMs());
        out.writeBoolean(s.absentAlerts());
    }

    /** Throws IllegalArgumentException if the values no longer validate (a corrupt record). */
    public static AttentionSettings read(DataInput in) throws IOException {
        return new AttentionSettings(in.readUTF(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                in.readDouble(), in.readLong(), in.readDouble(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readBoolean());
    }
}
