package dev.heed.cli;

import dev.heed.common.cli.KafkaOptions;
import dev.heed.common.kafka.TopicCreator;
import dev.heed.topics.Topic;
import dev.heed.topics.Topics;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Creates Heed's topics on a cluster, with their retention and cleanup settings. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Creates Heed's topics that do not exist yet, with their retention and cleanup policy, then lists them.")
public final class TopicsCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions per topic. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "3", description = "Replicas per partition. Default: ${DEFAULT-VALUE}.")
    short replication;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
        }
        if (replication < 1) {
            throw new IllegalArgumentException("--replication-factor must be >= 1, got " + replication);
        }
        TopicCreator.ensureTopics(kafka.toSettings(), Topics.ALL, partitions, replication);
        for (Topic<?, ?> t : Topics.ALL) {
            System.out.println(t.name() + " " + t.configs());
        }
        return 0;
    }
}
