package dev.heed.aggregator.topology;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What a camera's side knows about the person-side tasks that have people of the camera: for each (by its
 * pose-events partition), up to when it has sent every person window of the camera; and, per window size, up to
 * which end the camera's windows have been closed, so that a person window arriving after its camera window has
 * been written is recognised as late. Mutable.
 */
final class CameraProgress {
    /** A member that has sent windows but no progress yet. */
    static final long UNKNOWN = Long.MIN_VALUE;

    final TreeMap<Integer, Long> members;
    /** Window size in seconds to the latest end up to which the camera's windows of that size are closed. */
    final TreeMap<Integer, Long> closedThrough;
    /** The earliest end of the camera's open windows (Long.MAX_VALUE: none): nothing to close before it. */
    long nextEndMs = Long.MAX_VALUE;

    CameraProgress() {
        this(new TreeMap<>(), new TreeMap<>());
    }

    private CameraProgress(TreeMap<Integer, Long> members, TreeMap<Integer, Long> closedThrough) {
        this.members = members;
        this.closedThrough = closedThrough;
    }

    void join(int partition) {
        members.putIfAbsent(partition, UNKNOWN);
    }

    void advance(int partition, long closedUntilMs) {
        members.merge(partition, closedUntilMs, Math::max);
    }

    void leave(int partition) {
        members.remove(partition);
    }

    /**
     * Up to when the camera's windows can close: every member is past it, or the most advanced one is more than
     * the allowance past it (a member that stopped moving must not hold the camera up for ever). Long.MAX_VALUE
     * without members (the last one left: nothing more is coming), Long.MIN_VALUE when nothing can close yet.
     */
    long closable(long allowanceMs) {
        if (members.isEmpty()) {
            return Long.MAX_VALUE;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long p : members.values()) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        return max == UNKNOWN ? UNKNOWN : Math.max(min, max - allowanceMs);
    }

    long closedThrough(int sizeS) {
        return closedThrough.getOrDefault(sizeS, Long.MIN_VALUE);
    }

    void closeThrough(int sizeS, long endMs) {
        closedThrough.merge(sizeS, endMs, Math::max);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CameraProgress c && members.equals(c.members) && closedThrough.equals(c.closedThrough)
                && nextEndMs == c.nextEndMs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(members, closedThrough);
    }

    @Override
    public String toString() {
        return "CameraProgress[members " + members + ", closed through " + closedThrough + ", next end " + nextEndMs + "]";
    }

    /** Binary form for the camera-progress store and its changelog, with a leading format version. */
    static final class CameraProgressSerde implements Serde<CameraProgress> {
        private static final byte VERSION = 1;

        @Override
        public Serializer<CameraProgress> serializer() {
            return (topic, p) -> {
                if (p == null) {
                    return null;
                }
                ByteBuffer out = ByteBuffer.allocate(1 + 8 + 4 + p.members.size() * 12 + 4 + p.closedThrough.size() * 12);
                out.put(VERSION).putLong(p.nextEndMs).putInt(p.members.size());
                p.members.forEach((k, v) -> out.putInt(k).putLong(v));
                out.putInt(p.closedThrough.size());
                p.closedThrough.forEach((k, v) -> out.putInt(k).putLong(v));
                return out.array();
            };
        }

        @Override
        public Deserializer<CameraProgress> deserializer() {
            return (topic, bytes) -> {
                if (bytes == null) {
                    return null;
                }
                try {
                    ByteBuffer in = ByteBuffer.wrap(bytes);
                    byte version = in.get();
                    if (version != VERSION) {
                        throw new SerializationException("unknown camera progress format version " + version);
                    }
                    CameraProgress p = new CameraProgress();
                    p.nextEndMs = in.getLong();
                    readInto(in, p.members);
                    readInto(in, p.closedThrough);
                    return p;
                } catch (BufferUnderflowException e) {
                    throw new SerializationException("corrupt camera progress", e);
                }
            };
        }

        private static void readInto(ByteBuffer in, Map<Integer, Long> map) {
            int n = in.getInt();
            for (int i = 0; i < n; i++) {
                map.put(in.getInt(), in.getLong());
            }
        }
    }
}
