package dev.heed.inference;

import dev.heed.common.kafka.KafkaSettings;
import dev.heed.common.service.Service;
import dev.heed.common.service.ServiceRunner;
import dev.heed.inference.model.PoseEstimators;
import dev.heed.inference.model.PoseEstimator;
import dev.heed.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference service: loads the pose model, then runs an {@link InferenceWorker} on its own thread from
 * face crops to pose events.
 */
public final class InferenceService implements Service {
    private static final Logger log = LoggerFactory.getLogger(InferenceService.class);
    static final String CLIENT_ID = "heed-inference";

    private final InferenceConfig config;
    private final KafkaSettings kafka;
    private final InferenceMetrics metrics;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean alive = true;
    private volatile PoseEstimator estimator;
    private volatile InferenceWorker worker;
    private volatile Thread thread;

    public InferenceService(InferenceConfig config, KafkaSettings kafka, PrometheusRegistry registry) {
        this.config = config;
        this.kafka = kafka;
        this.metrics = new InferenceMetrics(registry);
    }

    @Override
    public String name() {
        return "inference";
    }

    /** Loads the model (failing fast if it is missing or not Hopenet-shaped) and starts the worker thread. */
    @Override
    public void start() throws Exception {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("inference service already started");
        }
        estimator = PoseEstimators.open(config.estimator(), config.model());
        metrics.model(estimator.identity().name(), estimator.identity().version(), estimator.provider());
        Map<String, Object> consumerProps = kafka.consumer(config.groupId(), CLIENT_ID);
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxBatch());
        worker = new InferenceWorker(config, new KafkaConsumer<>(consumerProps), new KafkaProducer<>(kafka.producer(CLIENT_ID)),
                estimator, metrics);
        thread = new Thread(this::runWorker, "heed-inference-worker");
        thread.start();
        log.info("inference consuming {} as group {} in batches of up to {} crops or {} ms", Topics.FACE_CROPS.name(),
                config.groupId(), config.maxBatch(), config.maxWait().toMillis());
    }

    private void runWorker() {
        try {
            worker.run();
        } catch (Throwable t) {
            alive = false;
            log.error("inference worker stopped: {}", t.toString(), t);
        }
    }

    @Override
    public boolean isReady() {
        InferenceWorker w = worker;
        return w != null && w.isReady();
    }

    @Override
    public boolean isAlive() {
        return alive;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Thread t = thread;
        if (t != null) {
            worker.requestStop();
            try {
                t.join(ServiceRunner.STOP_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                // Freeing the native session under a running model would crash the JVM; leak it instead.
                log.warn("inference worker did not stop within {}; leaving the model loaded", ServiceRunner.STOP_TIMEOUT);
                return;
            }
        }
        if (estimator != null) {
            estimator.close();
        }
    }
}
