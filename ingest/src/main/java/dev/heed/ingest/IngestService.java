package dev.heed.ingest;

import dev.heed.common.kafka.KafkaConnectivity;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.common.service.Service;
import dev.heed.ingest.detect.DetectorException;
import dev.heed.ingest.detect.FaceDetector;
import dev.heed.ingest.track.FaceTracker;
import dev.heed.topics.Topics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service: one {@link CameraWorker} per camera, all sharing one Kafka producer, plus a stall
 * monitor and, when configured, a watcher of the cameras file that adds, removes and restarts cameras while
 * the others keep running. A camera that fails stops alone; the service stays up (its metrics and states
 * show the failure).
 */
public final class IngestService implements Service {
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    /**
     * How long a send may wait for room in the producer's buffer (or for metadata) before the record is
     * dropped and counted: short, so a Kafka outage costs records, not a stuck camera.
     */
    static final Duration MAX_BLOCK = Duration.ofSeconds(1);
    /** The producer's buffer: a few seconds of crops of many cameras; bounds memory during a Kafka outage. */
    static final long BUFFER_BYTES = 32L << 20;
    /** A record still unsent after this is failed and counted: bounds the lag of what does get delivered. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STARTUP_CHECK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ADMIN_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration WORKER_STOP_TIMEOUT = Duration.ofSeconds(7);
    private static final Duration PRODUCER_CLOSE_TIMEOUT = Duration.ofSeconds(2);
    /** How often live streams are checked for stalls while their readers may be blocked. */
    static final Duration STALL_CHECK_INTERVAL = Duration.ofMillis(100);

    private final IngestConfig config;
    private final KafkaSettings kafka;
    private final IngestMetrics metrics;
    private final FrameTaps taps;
    // Guarded by this; readers use the volatile snapshot.
    private final Map<String, CameraWorker> workers = new LinkedHashMap<>();
    private volatile List<CameraWorker> snapshot = List.of();
    // Track ids continue across a camera's workers (a restart after a config change), never reused.
    private final Map<String, AtomicLong> trackIds = new ConcurrentHashMap<>();
    private Producer<String, byte[]> producer;
    private Thread stallMonitor;
    private CamerasFileWatcher watcher;
    private volatile boolean started;
    private volatile boolean closed;
    /** Set by close() before it takes the lock, so a start() still waiting for Kafka gives up. */
    private volatile boolean stopping;

    /**
     * Registers the service's metrics on {@code registry} (one service per registry: the names would clash);
     * nothing else happens until {@link #start()}.
     */
    public IngestService(IngestConfig config, KafkaSettings kafka, PrometheusRegistry registry) {
        this(config, kafka, registry, FrameTaps.NONE);
    }

    /** As the other constructor, and each camera's analysed frames are shown to its tap (the live preview). */
    public IngestService(IngestConfig config, KafkaSettings kafka, PrometheusRegistry registry, FrameTaps taps) {
        this.config = config;
        this.kafka = kafka;
        this.metrics = new IngestMetrics(registry);
        this.taps = taps;
    }

    @Override
    public String name() {
        return "ingest";
    }

    /**
     * Checks that the detector loads and that Kafka answers and has the topics, then starts the cameras, the
     * stall monitor and the cameras-file watcher. Sources and detectors are opened on the cameras' own
     * threads, so a camera that cannot be opened shows up as FAILED (or RECONNECTING) rather than failing start().
     */
    @Override
    public synchronized void start() throws Exception {
        if (started || closed) {
            throw new IllegalStateException("ingest service can be started once");
        }
        try (FaceDetector check = loadDetector()) {
            log.debug("detector {} loads", check.name());
        } catch (DetectorException e) {
            throw new IllegalArgumentException("--detector-model: " + e.getMessage(), e);
        }
        checkTopics();
        Map<String, Object> props = kafka.producer("heed-ingest");
        // Bounds on memory and lag; --kafka-config may tune them (its values win).
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        props.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_BYTES);
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
        props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(props);
        started = true;
        applyCameras(config.cameras());
        stallMonitor = new Thread(this::watchForStalls, "heed-ingest-stall-monitor");
        stallMonitor.setDaemon(true);
        stallMonitor.start();
        if (config.camerasFile() != null) {
            watcher = new CamerasFileWatcher(config.camerasFile(), this::applyCameras, metrics);
            watcher.start();
        }
        log.info("ingest started: {} camera(s){}, detector {} ({}), crop policy {}", snapshot.size(),
                config.camerasFile() == null ? "" : " from " + config.camerasFile().path() + " (watched)", config.detector(),
                config.detectorModel().getFileName(), config.cropPolicy().name());
    }

    private FaceDetector loadDetector() throws DetectorException {
        return config.detector().create(config.detectorModel(), config.detectorSettings());
    }

    /**
     * Makes the running cameras those given: starts new ones, stops removed ones, restarts those whose
     * settings changed. Cameras that did not change are not touched.
     */
    public synchronized void applyCameras(List<CameraConfig> wanted) {
        if (!started) {
            throw new IllegalStateException("ingest service is not started");
        }
        if (closed) {
            return; // a change that raced with shutdown: nothing to apply any more
        }
        Map<String, CameraConfig> want = new LinkedHashMap<>();
        wanted.forEach(c -> want.put(c.cameraId(), c));
        List<CameraWorker> outgoing = new ArrayList<>();
        for (CameraWorker w : workers.values()) {
            CameraConfig next = want.get(w.cameraId());
            if (next == null || !next.equals(w.config())) {
                outgoing.add(w);
            }
        }
        outgoing.forEach(CameraWorker::requestStop);
        long deadline = System.nanoTime() + WORKER_STOP_TIMEOUT.toNanos();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (CameraWorker w : outgoing) {
            awaitStopped(w, deadline);
            workers.remove(w.cameraId());
            if (want.containsKey(w.cameraId())) {
                changed.add(w.cameraId());
            } else {
                removed.add(w.cameraId());
                metrics.removeCamera(w.cameraId());
            }
        }
        List<String> added = new ArrayList<>();
        for (CameraConfig c : want.values()) {
            if (!workers.containsKey(c.cameraId())) {
                CameraWorker w = newWorker(c);
                workers.put(c.cameraId(), w);
                w.start();
                if (!changed.contains(c.cameraId())) {
                    added.add(c.cameraId());
                }
            }
        }
        snapshot = List.copyOf(workers.values());
        if (!added.isEmpty() || !removed.isEmpty() || !changed.isEmpty()) {
            log.info("cameras: started {}, stopped {}, restarted with new settings {}; running {}", added, removed, changed, workers.keySet());
        }
    }

    private CameraWorker newWorker(CameraConfig camera) {
        AtomicLong ids = trackIds.computeIfAbsent(camera.cameraId(), id -> new AtomicLong(1));
        IngestMetrics.Camera m = metrics.forCamera(camera.cameraId());
        FaceTracker tracker = config.tracker().tracker(ids::getAndIncrement);
        FramePublisher publisher = new FramePublisher(camera, config.cropPolicy(), config.jpegQuality(), producer, m, taps.forCamera(camera));
        return new CameraWorker(camera, config.stream(), this::loadDetector, tracker, publisher, m);
    }

    private void watchForStalls() {
        while (!closed) {
            for (CameraWorker w : snapshot) {
                w.checkStall();
            }
            try {
                Thread.sleep(STALL_CHECK_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Waits until Kafka answers, then checks that it has the topics. A cluster out of reach is waited for (the service
     * stays unready, and ServiceMain's watch of the cluster says why in the log and on /readyz), not a reason to exit:
     * an exit would only be restarted into the same wait. Missing topics are an error: nothing would create them.
     */
    private void checkTopics() throws Exception {
        List<String> names = List.of(Topics.FACE_CROPS.name(), Topics.FRAME_SUMMARIES.name());
        Map<String, Object> props = kafka.common();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "heed-ingest-topics");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) STARTUP_CHECK_TIMEOUT.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_REQUEST_TIMEOUT.toMillis());
        Admin admin = Admin.create(props);
        try {
            boolean waitReported = false;
            while (!stopping) {
                try {
                    admin.describeTopics(names).allTopicNames().get(STARTUP_CHECK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    return;
                } catch (TimeoutException e) {
                    // Not answering yet: wait on.
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        throw new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " lacks topic(s) among " + names
                                + "; create Heed's topics first (heed topics)", e.getCause());
                    }
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException)) {
                        throw new IllegalStateException("cannot use Kafka topics " + names + " at " + kafka.bootstrapServers() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
                if (!waitReported) {
                    log.info("ingest: waiting for Kafka at {} to answer before starting the cameras", kafka.bootstrapServers());
                    waitReported = true;
                }
            }
            throw new IllegalStateException("ingest was stopped while waiting for Kafka at " + kafka.bootstrapServers());
        } finally {
            // Bounded: the default close waits for pending calls, up to a minute when Kafka is down.
            admin.close(Duration.ofSeconds(1));
        }
    }

    /**
     * Started, not closed, and every configured camera has started: connected at least once or, for a file,
     * begun reading. A camera that never could (unreachable, FAILED) keeps the service unready; its state says why.
     */
    @Override
    public boolean isReady() {
        if (!started || closed) {
            return false;
        }
        for (CameraWorker w : snapshot) {
            if (!w.status().started()) {
                return false;
            }
        }
        // Cameras started and crops can reach Kafka (the producer keeps its connections while it sends).
        return KafkaConnectivity.connected(producer.metrics());
    }

    /** A failed camera does not make the service dead: it never takes the others (or the process) down. */
    @Override
    public boolean isAlive() {
        return !closed;
    }

    /**
     * True once every camera has stopped for good: its file ended (all records acknowledged by Kafka), it
     * failed, or it was stopped. Never true while a live or looping camera runs, nor while a cameras file is
     * watched (it may add cameras).
     */
    public boolean isFinished() {
        if (!started || config.camerasFile() != null) {
            return false;
        }
        for (CameraWorker w : snapshot) {
            if (!w.status().state().isTerminal()) {
                return false;
            }
        }
        return true;
    }

    /** Each camera's state by camera id. */
    public Map<String, CameraState> cameraStates() {
        Map<String, CameraState> out = new LinkedHashMap<>();
        snapshot.forEach(w -> out.put(w.cameraId(), w.status().state()));
        return out;
    }

    /** Each camera's status (state, since when, why) by camera id. */
    public Map<String, CameraStatus> cameraStatuses() {
        Map<String, CameraStatus> out = new LinkedHashMap<>();
        snapshot.forEach(w -> out.put(w.cameraId(), w.status()));
        return out;
    }

    /**
     * One line per camera for a health page: id, state, since when (UTC), and why for RECONNECTING and FAILED.
     * Credentials never appear (details are built from redacted sources).
     */
    @Override
    public String healthDetail() {
        StringBuilder sb = new StringBuilder();
        cameraStatuses().forEach((id, s) -> sb.append("camera ").append(id).append(' ').append(s.state().name().toLowerCase(Locale.ROOT))
                .append(" since ").append(Instant.ofEpochMilli(s.sinceMs()))
                .append(s.detail().isEmpty() ? "" : ": " + s.detail()).append('\n'));
        return sb.toString();
    }

    /** The camera's status, or null if there is no such camera. */
    public CameraStatus cameraStatus(String cameraId) {
        return cameraStatuses().get(cameraId);
    }

    private static void awaitStopped(CameraWorker w, long deadline) {
        try {
            if (!w.awaitStopped(deadline)) {
                // Blocked in a native read: it exits on the RTSP timeout and closes its own decoder and detector.
                log.warn("camera {} did not stop within {} s; leaving it to finish on its own", w.cameraId(), WORKER_STOP_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopping = true;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (watcher != null) {
            watcher.close();
        }
        if (stallMonitor != null) {
            stallMonitor.interrupt();
        }
        List<CameraWorker> all;
        synchronized (this) {
            all = new ArrayList<>(workers.values());
        }
        all.forEach(CameraWorker::requestStop);
        long deadline = System.nanoTime() + WORKER_STOP_TIMEOUT.toNanos();
        all.forEach(w -> awaitStopped(w, deadline));
        if (producer != null) {
            producer.close(PRODUCER_CLOSE_TIMEOUT);
        }
        log.info("ingest stopped");
    }
}
