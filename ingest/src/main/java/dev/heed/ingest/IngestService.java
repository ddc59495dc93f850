package dev.heed.ingest;

import dev.heed.common.kafka.KafkaSettings;
import dev.heed.common.service.Service;
import dev.heed.ingest.detect.DetectorException;
import dev.heed.ingest.detect.FaceDetector;
import dev.heed.ingest.detect.YuNetDetector;
import dev.heed.ingest.track.IouTracker;
import dev.heed.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service: one {@link CameraWorker} thread per camera, sharing one Kafka producer. A camera that
 * fails stops alone; the service stays up (its metrics and state show the failure).
 */
public final class IngestService implements Service {
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    /** How long a send may block when Kafka is unreachable or the producer buffer is full; bounds close() too. */
    static final Duration MAX_BLOCK = Duration.ofSeconds(5);
    private static final Duration STARTUP_CHECK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WORKER_STOP_TIMEOUT = Duration.ofSeconds(7);
    private static final Duration PRODUCER_CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final IngestConfig config;
    private final KafkaSettings kafka;
    private final IngestMetrics metrics;
    // Replaced once by start(); volatile so that state queries from other threads see the workers.
    private volatile List<CameraWorker> workers = List.of();
    private final List<Thread> threads = new ArrayList<>();
    private Producer<String, byte[]> producer;
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * Registers the service's metrics on {@code registry} (one service per registry: the names would clash);
     * nothing else happens until {@link #start()}.
     */
    public IngestService(IngestConfig config, KafkaSettings kafka, PrometheusRegistry registry) {
        this.config = config;
        this.kafka = kafka;
        this.metrics = new IngestMetrics(registry);
    }

    @Override
    public String name() {
        return "ingest";
    }

    /**
     * Loads a detector per camera, checks that Kafka answers and has the topics, and starts the camera threads.
     * Sources are opened on the camera threads, so a camera that cannot be opened shows up as FAILED rather
     * than failing start().
     */
    @Override
    public synchronized void start() throws Exception {
        if (started || closed) {
            throw new IllegalStateException("ingest service can be started once");
        }
        List<FaceDetector> detectors = new ArrayList<>();
        try {
            for (int i = 0; i < config.cameras().size(); i++) {
                detectors.add(new YuNetDetector(config.detectorModel(), config.detectorSettings()));
            }
            checkTopics();
        } catch (DetectorException e) {
            detectors.forEach(FaceDetector::close);
            throw new IllegalArgumentException("--detector-model: " + e.getMessage(), e);
        } catch (Exception | Error e) {
            detectors.forEach(FaceDetector::close);
            throw e;
        }
        Map<String, Object> props = kafka.producer("heed-ingest");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(props);
        List<CameraWorker> created = new ArrayList<>();
        for (int i = 0; i < config.cameras().size(); i++) {
            CameraConfig camera = config.cameras().get(i);
            CameraWorker worker = new CameraWorker(camera, detectors.get(i), new IouTracker(IouTracker.DEFAULT_IOU_THRESHOLD, config.trackMaxUnseen()),
                    config.cropPolicy(), config.jpegQuality(), producer, metrics.forCamera(camera.cameraId()));
            Thread t = new Thread(worker, "heed-ingest-" + camera.cameraId());
            created.add(worker);
            threads.add(t);
        }
        workers = List.copyOf(created);
        threads.forEach(Thread::start);
        started = true;
        log.info("ingest started: {} camera(s), detector {}, crop policy {}", workers.size(), config.detectorModel().getFileName(),
                config.cropPolicy().name());
    }

    private void checkTopics() throws Exception {
        List<String> names = List.of(Topics.FACE_CROPS.name(), Topics.FRAME_SUMMARIES.name());
        Map<String, Object> props = kafka.common();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) STARTUP_CHECK_TIMEOUT.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        Admin admin = Admin.create(props);
        try {
            admin.describeTopics(names).allTopicNames().get(STARTUP_CHECK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(e.getCause());
            }
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " lacks topic(s) among " + names
                        + "; create Heed's topics first", e.getCause());
            }
            throw new IllegalStateException("cannot use Kafka topics " + names + " at " + kafka.bootstrapServers() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } finally {
            // Bounded: the default close waits for pending calls, up to a minute when Kafka is down.
            admin.close(Duration.ofSeconds(1));
        }
    }

    private IllegalStateException unreachable(Throwable cause) {
        return new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " did not answer within "
                + STARTUP_CHECK_TIMEOUT.toSeconds() + " s", cause);
    }

    /** Started, not closed, every camera past opening, and at least one of them delivering (or done). */
    @Override
    public boolean isReady() {
        if (!started || closed) {
            return false;
        }
        boolean anyUp = false;
        for (CameraWorker w : workers) {
            CameraState s = w.state();
            if (s == CameraState.STARTING) {
                return false;
            }
            anyUp |= s == CameraState.RUNNING || s == CameraState.FINISHED;
        }
        return anyUp;
    }

    /** A failed camera does not make the service dead: it never takes the others (or the process) down. */
    @Override
    public boolean isAlive() {
        return !closed;
    }

    /**
     * True once every camera has stopped for good: its file ended (all records acknowledged by Kafka), it
     * failed, or it was stopped. Never true while a live or looping camera runs.
     */
    public boolean isFinished() {
        if (!started) {
            return false;
        }
        for (CameraWorker w : workers) {
            if (!w.state().isTerminal()) {
                return false;
            }
        }
        return true;
    }

    /** Each camera's state by camera id, in configuration order. */
    public Map<String, CameraState> cameraStates() {
        Map<String, CameraState> out = new LinkedHashMap<>();
        workers.forEach(w -> out.put(w.cameraId(), w.state()));
        return out;
    }

    /** Why a camera failed (credentials removed), or null if it did not. */
    public String cameraFailure(String cameraId) {
        return workers.stream().filter(w -> w.cameraId().equals(cameraId)).map(CameraWorker::failure).findFirst().orElse(null);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        workers.forEach(CameraWorker::requestStop);
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + WORKER_STOP_TIMEOUT.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) {
                // Blocked in a native read: it exits on the RTSP timeout and closes its own decoder and detector.
                log.warn("{} did not stop within {} s; leaving it to finish on its own", t.getName(), WORKER_STOP_TIMEOUT.toSeconds());
            }
        }
        if (producer != null) {
            producer.close(PRODUCER_CLOSE_TIMEOUT);
        }
        log.info("ingest stopped");
    }
}
