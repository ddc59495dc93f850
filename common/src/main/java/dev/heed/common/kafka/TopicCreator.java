package dev.heed.common.kafka;

import dev.heed.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates Heed's topics with their configured retention and cleanup policy, if they do not exist yet. */
public final class TopicCreator {
    private static final Logger log = LoggerFactory.getLogger(TopicCreator.class);

    private TopicCreator() {
    }

    /** How long Kafka may take to list or create the topics. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * @throws IllegalStateException if Kafka does not answer within {@link #TIMEOUT}, saying why as far as can be told
     */
    public static void ensureTopics(KafkaSettings kafka, Collection<? extends Topic<?, ?>> topics, int partitions, short replication)
            throws InterruptedException, ExecutionException {
        Admin admin = Admin.create(kafka.common());
        try {
            ensureTopics(admin, topics, partitions, replication);
        } catch (TimeoutException e) {
            throw unanswered(kafka, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unanswered(kafka, e.getCause());
            }
            throw e;
        } finally {
            // Bounded: the default close waits for pending calls, up to a minute when Kafka is away.
            admin.close(Duration.ofSeconds(1));
        }
    }

    private static IllegalStateException unanswered(KafkaSettings kafka, Throwable timeout) {
        return new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " did not answer within " + TIMEOUT.toSeconds() + " s: "
                + UnreachableReason.of(kafka, timeout));
    }

    private static void ensureTopics(Admin admin, Collection<? extends Topic<?, ?>> topics, int partitions, short replication)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (Topic<?, ?> t : topics) {
            if (!existing.contains(t.name())) {
                missing.add(new NewTopic(t.name(), partitions, replication).configs(t.configs()));
            }
        }
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            log.info("created topics {}", missing.stream().map(NewTopic::name).toList());
        }
    }
}
