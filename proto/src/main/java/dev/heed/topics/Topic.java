package dev.heed.topics;

import com.google.protobuf.MessageLite;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic with the serdes of its keys and values and the topic-level configs it is created with.
 *
 * @param name     the topic name
 * @param keySerde serde of the keys
 * @param value    serde of the values (every value on Heed's topics is a Protobuf message)
 * @param configs  topic configs applied when Heed creates the topic (retention, cleanup policy)
 */
public record Topic<K, V extends MessageLite>(String name, Serde<K> keySerde, ProtoSerde<V> value, Map<String, String> configs) {
    public Serde<V> valueSerde() {
        return value;
    }
}
