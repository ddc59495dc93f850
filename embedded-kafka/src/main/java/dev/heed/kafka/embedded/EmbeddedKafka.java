package dev.heed.kafka.embedded;

import dev.heed.common.files.FileTrees;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.common.kafka.TopicCreator;
import dev.heed.topics.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private final KafkaClusterTestKit cluster;
    private final Path dataDir;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Path dataDir) {
        this.cluster = cluster;
        this.dataDir = dataDir;
    }

    /** Starts the broker and waits until it accepts clients (about 2 s). */
    public static EmbeddedKafka start() throws Exception {
        Path dataDir = Files.createTempDirectory("heed-kafka-");
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(dataDir)
                    .build();
            cluster = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setDeleteOnClose(true)
                    .build();
            // The test kit prints its format progress on stdout, which belongs to the demo's output (--json).
            PrintStream stdout = System.out;
            System.setOut(System.err);
            try {
                cluster.format();
                cluster.startup();
                cluster.waitForReadyBrokers();
            } finally {
                System.setOut(stdout);
            }
            log.info("embedded Kafka ready at {}", cluster.bootstrapServers());
            return new EmbeddedKafka(cluster, dataDir);
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

    public KafkaSettings settings() {
        return KafkaSettings.of(bootstrapServers());
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
