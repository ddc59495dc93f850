package dev.heed.common.cli;

import dev.heed.common.kafka.KafkaSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** The Kafka connection options every service takes, from flags or environment variables. */
public final class KafkaOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            defaultValue = "${env:HEED_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (env HEED_BOOTSTRAP_SERVERS). Default: ${DEFAULT-VALUE}.")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE", defaultValue = "${env:HEED_KAFKA_CONFIG}",
            description = "Properties file of extra Kafka client settings for TLS and SASL, e.g. security.protocol, "
                    + "ssl.truststore.location, sasl.mechanism, sasl.jaas.config (env HEED_KAFKA_CONFIG). "
                    + "Secret values are never logged.")
    Path kafkaConfig;

    public KafkaSettings toSettings() {
        Map<String, String> extra = new HashMap<>();
        if (kafkaConfig != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(kafkaConfig)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --kafka-config " + kafkaConfig + ": " + e.getMessage());
            }
            p.stringPropertyNames().forEach(k -> extra.put(k, p.getProperty(k)));
        }
        return new KafkaSettings(bootstrapServers, extra);
    }

    public static KafkaOptions of(String bootstrapServers) {
        KafkaOptions o = new KafkaOptions();
        o.bootstrapServers = bootstrapServers;
        return o;
    }
}
