package dev.heed.topics;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A Kafka serde for one Protobuf message type; parse failures surface as {@link SerializationException}. */
public final class ProtoSerde<T extends MessageLite> implements Serde<T> {
    private final Parser<T> parser;
    private final String typeName;

    private ProtoSerde(Parser<T> parser, String typeName) {
        this.parser = parser;
        this.typeName = typeName;
    }

    public static <T extends MessageLite> ProtoSerde<T> of(Parser<T> parser, Class<T> type) {
        return new ProtoSerde<>(parser, type.getSimpleName());
    }

    /** Parses without the Kafka exception wrapper, for consumers that dead-letter bad records themselves. */
    public T parse(byte[] bytes) throws InvalidProtocolBufferException {
        if (bytes == null) {
            throw new InvalidProtocolBufferException("null value (tombstone) where a " + typeName + " was expected");
        }
        return parser.parseFrom(bytes);
    }

    public String typeName() {
        return typeName;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> data == null ? null : data.toByteArray();
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return parser.parseFrom(data);
            } catch (InvalidProtocolBufferException e) {
                throw new SerializationException("not a valid " + typeName + " on " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
