package dev.heed.ingest.preview;

import dev.heed.ingest.CameraConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything the preview holds for one camera, and its viewers: the frames of the last minute (only while someone
 * watches), the poses, states and alerts of the timeline span, and the camera's cone. Appending and subscribing share
 * one lock, so a new viewer gets the history and then every later event, each once, in order.
 */
final class CameraChannel {
    /**
     * Timeline events kept per camera whatever the span: 5 minutes of six people at 5 samples a second is 9,000
     * poses; each kept event is its JSON text, about 400-500 bytes, so at most about 10 MB per camera.
     */
    static final int MAX_TIMELINE_EVENTS = 20_000;
    /** A viewer's queue holds the whole history plus some slack for the live events that follow. */
    static final int CLIENT_QUEUE = MAX_TIMELINE_EVENTS + FrameHistory.MAX_FRAMES + 1_000;
    /** Frames are kept and encoded while a viewer is connected and for this long after the last one left. */
    static final long WATCH_LINGER_NANOS = 60_000_000_000L;

    private record TimedEvent(long eventTimeMs, String sse) {
    }

    private final CameraConfig camera;
    private final PreviewSettings settings;
    private final Supplier<List<String>> cameraIds;
    private final FrameHistory frames;
    private final ArrayDeque<TimedEvent> timeline = new ArrayDeque<>();
    private final List<SseClient> clients = new ArrayList<>();
    private String coneEvent;
    private long newestEventMs = Long.MIN_VALUE;
    private volatile long watchedUntilNanos = System.nanoTime() - 1;
    private volatile int viewers;

    CameraChannel(CameraConfig camera, PreviewSettings settings, Supplier<List<String>> cameraIds) {
        this.camera = camera;
        this.settings = settings;
        this.cameraIds = cameraIds;
        this.frames = new FrameHistory(settings.frameHistory(), settings.frameHistoryBytes());
        this.coneEvent = PreviewEvents.sse("cone", PreviewEvents.cone(settings.defaultCone(), "default"));
    }

    CameraConfig camera() {
        return camera;
    }

    /** The policy id the camera's poses are judged by when they name none: its configured one, else its own id. */
    String policyId() {
        return camera.attentionPolicyId().isEmpty() ? camera.cameraId() : camera.attentionPolicyId();
    }

    /** Whether frames are worth encoding: a viewer is connected or was within the last minute. */
    boolean watched() {
        return viewers > 0 || System.nanoTime() - watchedUntilNanos < 0;
    }

    synchronized void addFrame(PreviewFrame f) {
        if (!watched()) {
            frames.clear(); // nobody has looked for a while: free the minute of JPEGs
            return;
        }
        frames.add(f);
        broadcast(PreviewEvents.sse("frame", f.eventJson()));
    }

    synchronized PreviewFrame frameAt(long captureTimeMs) {
        return frames.at(captureTimeMs);
    }

    /** A pose, state or alert at its event time; kept for the timeline span and sent to the viewers. */
    synchronized void addTimelineEvent(long eventTimeMs, String type, String json) {
        String sse = PreviewEvents.sse(type, json);
        timeline.addLast(new TimedEvent(eventTimeMs, sse));
        newestEventMs = Math.max(newestEventMs, eventTimeMs);
        long oldest = newestEventMs - settings.timeline().toMillis();
        // Arrival order is near event order (per person it is exact); a straggler stays until those before it go.
        while (timeline.size() > MAX_TIMELINE_EVENTS || (!timeline.isEmpty() && timeline.peekFirst().eventTimeMs() < oldest)) {
            timeline.removeFirst();
        }
        broadcast(sse);
    }

    synchronized void setCone(String coneJson) {
        coneEvent = PreviewEvents.sse("cone", coneJson);
        broadcast(coneEvent);
    }

    /** Registers a viewer after queueing the hello, the cone and the history for it; false if it cannot take them. */
    synchronized boolean subscribe(SseClient client) {
        boolean ok = client.offer(PreviewEvents.sse("hello", PreviewEvents.hello(camera.cameraId(), cameraIds.get(), settings)))
                && client.offer(coneEvent);
        for (TimedEvent e : timeline) {
            ok &= client.offer(e.sse());
        }
        for (PreviewFrame f : frames.all()) {
            ok &= client.offer(PreviewEvents.sse("frame", f.eventJson()));
        }
        ok &= client.offer(PreviewEvents.sse("live", "{}"));
        if (ok) {
            clients.add(client);
            viewers = clients.size();
        }
        return ok;
    }

    synchronized void unsubscribe(SseClient client) {
        clients.remove(client);
        viewers = clients.size();
        touch();
    }

    /** Ends every viewer's stream (their browsers reconnect). */
    synchronized void closeViewers() {
        clients.forEach(SseClient::close);
        clients.clear();
        viewers = 0;
    }

    /** Called while a viewer's stream is written: keeps the frames coming for a while after it leaves. */
    void touch() {
        watchedUntilNanos = System.nanoTime() + WATCH_LINGER_NANOS;
    }

    int viewers() {
        return viewers;
    }

    synchronized int framesKept() {
        return frames.size();
    }

    synchronized long frameBytesKept() {
        return frames.bytes();
    }

    synchronized int timelineEventsKept() {
        return timeline.size();
    }

    private void broadcast(String sse) {
        clients.removeIf(c -> !c.offer(sse));
        viewers = clients.size();
    }
}
