package dev.heed.kafka.embedded;

import dev.heed.common.files.FileTrees;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.common.kafka.TopicCreator;
import dev.heed.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) running inside this JVM on 127.0.0.1,
 * with its data in a temporary folder that {@link #close()} deletes. Used by {@code heed demo} and by the
 * integration tests; production runs against an external cluster.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** The client listener's name when it requires SASL ({@link #startWithSaslPlain}). */
    static final String SASL_LISTENER = "EXTERNAL";
    /** The broker's own user on a SASL listener (inter-broker traffic); also what {@link #settings()} connects as. */
    static final String SASL_ADMIN_USER = "heed-embedded-admin";

    private final KafkaClusterTestKit cluster;
    private final Path dataDir;
    /** Client settings the broker's clients need (SASL as the admin user), empty for PLAINTEXT. */
    private final Map<String, String> clientSettings;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Path dataDir, Map<String, String> clientSettings) {
        this.cluster = cluster;
        this.dataDir = dataDir;
        this.clientSettings = clientSettings;
    }

    /** Starts the broker and waits until it accepts clients (about 2 s). */
    public static EmbeddedKafka start() throws Exception {
        return start(SecurityProtocol.PLAINTEXT, Map.of(), Map.of());
    }

    /**
     * Starts a broker whose client listener requires SASL/PLAIN authentication (SASL_PLAINTEXT), for tests of the
     * services' security settings. Clients log in with one of {@code users} (name to password) through
     * {@code security.protocol=SASL_PLAINTEXT}, {@code sasl.mechanism=PLAIN} and a PlainLoginModule
     * {@code sasl.jaas.config}; {@link #settings()} connects as the broker's own admin user. No authorizer: any
     * authenticated user may use any topic.
     */
    public static EmbeddedKafka startWithSaslPlain(Map<String, String> users) throws Exception {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("at least one SASL user is needed");
        }
        String adminPassword = "admin-" + java.util.UUID.randomUUID();
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
                .append(" username=\"").append(SASL_ADMIN_USER).append("\" password=\"").append(adminPassword).append('"')
                .append(" user_").append(SASL_ADMIN_USER).append("=\"").append(adminPassword).append('"');
        users.forEach((user, password) -> {
            if (!user.matches("[A-Za-z0-9._-]+") || password.contains("\"") || password.contains("\\")) {
                throw new IllegalArgumentException("SASL user names are [A-Za-z0-9._-]+ and passwords have no quotes or backslashes");
            }
            jaas.append(" user_").append(user).append("=\"").append(password).append('"');
        });
        jaas.append(';');
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("listener.name." + SASL_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".plain.sasl.jaas.config", jaas.toString());
        // The test kit would install an ACL authorizer for SASL listeners; authentication is what is tested here.
        props.put("authorizer.class.name", "");
        Map<String, String> client = Map.of(
                "security.protocol", SecurityProtocol.SASL_PLAINTEXT.name,
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + SASL_ADMIN_USER + "\" password=\"" + adminPassword + "\";");
        return start(SecurityProtocol.SASL_PLAINTEXT, props, client);
    }

    private static EmbeddedKafka start(SecurityProtocol protocol, Map<String, Object> extraProps, Map<String, String> clientSettings)
            throws Exception {
        Path dataDir = Files.createTempDirectory("heed-kafka-");
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes.Builder nodesBuilder = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(dataDir);
            if (protocol != SecurityProtocol.PLAINTEXT) {
                nodesBuilder.setBrokerListenerName(new ListenerName(SASL_LISTENER)).setBrokerSecurityProtocol(protocol);
            }
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodesBuilder.build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setDeleteOnClose(true);
            extraProps.forEach(builder::setConfigProp);
            cluster = builder.build();
            // The test kit prints its format progress on stdout ("Formatting metadata directory ...", a 700-character
            // "Bootstrap metadata" dump), which belongs to the demo's output (--json) and tells a person nothing: kept
            // for the debug log.
            PrintStream stdout = System.out;
            ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
            System.setOut(new PrintStream(formatOutput, true, StandardCharsets.UTF_8));
            try {
                cluster.format();
                cluster.startup();
                cluster.waitForReadyBrokers();
            } finally {
                System.setOut(stdout);
                log.debug("embedded Kafka's format output: {}", formatOutput.toString(StandardCharsets.UTF_8).strip());
            }
            log.info("embedded Kafka ready at {} ({})", cluster.bootstrapServers(), protocol.name);
            return new EmbeddedKafka(cluster, dataDir, clientSettings);
        } catch (Exception | Error e) {
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            deleteQuietly(dataDir);
            throw e;
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The temporary folder holding the broker's logs and metadata; gone after {@link #close()}. */
    public Path dataDir() {
        return dataDir;
    }

    /** How to reach the broker; on a SASL broker, as its admin user. */
    public KafkaSettings settings() {
        return new KafkaSettings(bootstrapServers(), clientSettings);
    }

    /** Creates all of Heed's topics with the given partition count (replication 1). */
    public EmbeddedKafka withHeedTopics(int partitions) throws Exception {
        TopicCreator.ensureTopics(settings(), Topics.ALL, partitions, (short) 1);
        return this;
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            log.warn("embedded Kafka did not stop cleanly: {}", e.toString());
        } finally {
            deleteQuietly(dataDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
