package dev.heed.common.kafka;

import dev.heed.common.security.Redactor;
import dev.heed.common.service.LastingProblem;
import dev.heed.common.service.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.errors.AuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Kafka cluster answers, asked every few seconds by a small admin client of its own, and said in Heed's
 * words: one line when the brokers cannot be reached (which bootstrap servers, why as {@link UnreachableReason} tells,
 * what the service does meanwhile), a summary each report interval while it lasts, one line when they answer
 * again. Kafka's clients retry on their own and warn on every try; those lines are kept out of the terminal
 * ({@code KafkaLogLevel}), this is what replaces them. As a {@link Service} on the ops endpoint it makes {@code /readyz}
 * fail with the reason while the brokers are away; it never makes {@code /healthz} fail (restarting would not help).
 */
public final class KafkaReachability implements Service {
    private static final Logger log = LoggerFactory.getLogger(KafkaReachability.class);
    /** How often the cluster is asked while it answers, and how long an answer may take. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    /** While the brokers are away: a shorter pause, so their return is noticed soon. */
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

    private final KafkaSettings kafka;
    private final String serviceName;
    private final LastingProblem problem;
    private final Thread thread;
    private volatile Admin admin;
    private volatile boolean reachable;
    private volatile boolean answeredOnce;
    /** Brokers in the cluster's last answer (the probe thread's own). */
    private int brokers;
    private volatile boolean closed;

    /**
     * @param serviceName    the service that uses the cluster, named in the log lines ("inference keeps retrying")
     * @param reportInterval how often a lasting outage is summarised in the log
     */
    public KafkaReachability(KafkaSettings kafka, String serviceName, Duration reportInterval) {
        this.kafka = kafka;
        this.serviceName = serviceName;
        this.problem = new LastingProblem(reportInterval);
        this.thread = new Thread(this::run, "heed-kafka-reachability");
        this.thread.setDaemon(true);
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public void start() {
        Map<String, Object> props = kafka.common();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "heed-" + serviceName + "-reachability");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
        admin = Admin.create(props);
        thread.start();
    }

    /** True while the cluster answers. */
    @Override
    public boolean isReady() {
        return reachable;
    }

    /** The outage in one line for /readyz, or nothing while the brokers answer. */
    @Override
    public String healthDetail() {
        synchronized (problem) {
            if (!problem.active()) {
                return "";
            }
            return "kafka unreachable since " + Instant.ofEpochMilli(problem.sinceMs()) + " (" + LastingProblem.describe(problem.lasted())
                    + "): bootstrap servers " + kafka.bootstrapServers() + ": " + problem.lastError() + "; " + serviceName
                    + " keeps retrying\n";
        }
    }

    private void run() {
        while (!closed) {
            long asked = System.nanoTime();
            String failure = probe();
            if (closed) {
                return;
            }
            if (failure == null) {
                answered();
            } else {
                unreachable(failure, Duration.ofNanos(System.nanoTime() - asked));
            }
            try {
                Thread.sleep((failure == null ? PROBE_INTERVAL : RETRY_INTERVAL).toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Null if the cluster answered; otherwise why not, in words. */
    private String probe() {
        try {
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()));
            brokers = cluster.nodes().get(PROBE_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS).size();
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException auth) {
                return "authentication failed: " + Redactor.redactUrls(auth.getMessage());
            }
            return UnreachableReason.of(kafka, e.getCause());
        } catch (TimeoutException e) {
            return UnreachableReason.of(kafka, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            return null;
        } catch (RuntimeException e) {
            return UnreachableReason.of(kafka, e);
        }
    }

    private void answered() {
        synchronized (problem) {
            if (problem.resolved()) {
                log.info("kafka: the brokers at {} answer again, after {} out of reach ({} failed checks)", kafka.bootstrapServers(),
                        LastingProblem.describe(problem.lasted()), problem.failures());
            } else if (!answeredOnce) {
                log.info("kafka: the cluster at {} answers ({} broker(s))", kafka.bootstrapServers(), brokers);
            }
        }
        answeredOnce = true;
        reachable = true;
    }

    private void unreachable(String why, Duration took) {
        reachable = false;
        synchronized (problem) {
            if (problem.failed(why, took)) {
                log.warn("kafka: cannot reach the brokers at {}: {}; {} keeps retrying and is not ready until they answer",
                        kafka.bootstrapServers(), why, serviceName);
            } else if (problem.summaryDue()) {
                log.warn("kafka: still cannot reach the brokers at {}, for {} now (since {}, {} failed checks): {}; {} keeps retrying",
                        kafka.bootstrapServers(), LastingProblem.describe(problem.lasted()), Instant.ofEpochMilli(problem.sinceMs()),
                        problem.failures(), why, serviceName);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Admin a = admin;
        if (a != null) {
            a.close(Duration.ofSeconds(1));
        }
    }
}
