package dev.heed.ingest.preview;

import com.sun.net.httpserver.HttpHandler;
import dev.heed.common.kafka.KafkaSettings;
import dev.heed.common.service.Service;
import dev.heed.ingest.CameraConfig;
import dev.heed.ingest.FrameTap;
import dev.heed.ingest.FrameTaps;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live annotated preview of ingest's cameras: what each camera's analysed frames look like with each face's box
 * and track id, its head pose and attention state, the camera's attending cone, alerts, and a per-person timeline,
 * served as a page by {@link #endpoint()}. Only when asked ({@code heed ingest --preview}, {@code heed demo --view}).
 *
 * <p>Frames come from ingest's cameras through {@link #forCamera} (encoded only while someone watches, kept in memory
 * only, a minute at most); poses, states, alerts and policies from Kafka. Start it before the ingest service whose
 * taps it gives, and stop it after.
 */
public final class LivePreview implements Service, FrameTaps {
    private static final Logger log = LoggerFactory.getLogger(LivePreview.class);
    /** Where ingest's ops port serves it. */
    public static final String PATH = "/preview";

    private final PreviewSettings settings;
    private final PreviewMetrics metrics;
    private final Map<String, CameraChannel> channels = new ConcurrentHashMap<>();
    private final PreviewEncoder encoder;
    private final PreviewFeed feed;
    private final ExecutorService streams;
    private final PreviewEndpoint endpoint;
    private volatile boolean closed;

    public LivePreview(PreviewSettings settings, KafkaSettings kafka, PrometheusRegistry registry) {
        this.settings = settings;
        this.metrics = new PreviewMetrics(registry);
        this.encoder = new PreviewEncoder(settings, metrics);
        this.feed = new PreviewFeed(kafka, settings, channels::get, () -> new ArrayList<>(channels.values()), metrics);
        this.streams = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "heed-preview-viewer");
            t.setDaemon(true);
            return t;
        });
        this.endpoint = new PreviewEndpoint(this, settings, metrics, streams);
    }

    @Override
    public String name() {
        return "preview";
    }

    @Override
    public void start() {
        encoder.start();
        feed.start();
        log.info("preview on: frames of watched cameras ({} px wide, a minute kept in memory), poses, states and alerts from Kafka; "
                + "open to {}", settings.maxWidth(), settings.clients());
    }

    /** Ready once it reads Kafka; it never holds ingest up (ingest's readiness does not include it). */
    @Override
    public boolean isReady() {
        return feed.isAssigned();
    }

    /** The page and its streams; mount it on a path of an HTTP server (e.g. {@link #PATH} of ingest's ops port). */
    public HttpHandler endpoint() {
        return endpoint;
    }

    /** The tap of a camera's worker; the camera stays listed (and its timeline kept) until the preview stops. */
    @Override
    public FrameTap forCamera(CameraConfig camera) {
        CameraChannel channel = channels.compute(camera.cameraId(), (id, old) -> {
            if (old != null && old.camera().equals(camera)) {
                return old;
            }
            if (old != null) {
                old.closeViewers(); // the camera restarted with new settings: its viewers reconnect to the new channel
            }
            CameraChannel fresh = new CameraChannel(camera, settings, this::cameraIds);
            fresh.setCone(feed.coneOf(fresh));
            return fresh;
        });
        return (frame, tracked) -> encoder.offer(channel, frame, tracked);
    }

    /** The camera's channel, or the first camera's when the id is null or empty; null if there is no such camera. */
    CameraChannel channel(String cameraId) {
        if (cameraId == null || cameraId.isEmpty()) {
            List<String> ids = cameraIds();
            return ids.isEmpty() ? null : channels.get(ids.get(0));
        }
        return channels.get(cameraId);
    }

    List<String> cameraIds() {
        return channels.keySet().stream().sorted().toList();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        streams.shutdownNow(); // viewers' writers end on the interrupt; their browsers see the stream close
        encoder.close();
        feed.close();
    }
}
