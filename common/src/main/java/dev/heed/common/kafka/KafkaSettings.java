package dev.heed.common.kafka;

import dev.heed.common.security.Redactor;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How to reach Kafka: bootstrap servers plus any client settings (TLS, SASL) common to every client a
 * service makes. {@link #toString()} never prints secret values.
 *
 * @param bootstrapServers comma-separated host:port list
 * @param clientSettings   extra client settings, e.g. security.protocol, ssl.truststore.location, sasl.jaas.config
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientSettings) {
    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must be set (host:port[,host:port...])");
        }
        for (String hp : bootstrapServers.split(",")) {
            int colon = hp.trim().lastIndexOf(':');
            if (colon <= 0 || !hp.trim().substring(colon + 1).matches("\\d{1,5}")) {
                throw new IllegalArgumentException("bootstrap server '" + Redactor.redactUrls(hp.trim()) + "' is not host:port");
            }
        }
        clientSettings = Map.copyOf(clientSettings);
    }

    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, Map.of());
    }

    /** Settings shared by every client: bootstrap servers and the security settings. */
    public Map<String, Object> common() {
        Map<String, Object> p = new HashMap<>(clientSettings);
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    /** An idempotent producer of byte-array values with String keys, acks=all. */
    public Map<String, Object> producer(String clientId) {
        Map<String, Object> p = common();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /**
     * A consumer of raw values with String keys and manual commits: services parse values themselves so
     * that malformed records go to the dead-letter topic instead of stopping the consumer.
     */
    public Map<String, Object> consumer(String groupId, String clientId) {
        Map<String, Object> p = common();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    public Properties asProperties() {
        Properties p = new Properties();
        p.putAll(common());
        return p;
    }

    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers=" + Redactor.redactUrls(bootstrapServers) + ", clientSettings="
                + Redactor.redactSettings(clientSettings) + "]";
    }
}
