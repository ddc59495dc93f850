package dev.heed.ingest.preview;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One browser's event stream. Events are queued without waiting (a full queue closes the stream: a viewer that
 * cannot keep up is dropped, and its browser reconnects and gets the history again) and written by the viewer's own
 * thread, so neither a camera nor the Kafka reader ever waits for a browser.
 */
final class SseClient {
    /** A comment line now and then keeps proxies from closing an idle stream and shows a vanished browser. */
    static final long KEEPALIVE_MS = 10_000;

    private final BlockingQueue<String> queue;
    private final Runnable onWrite;
    private volatile boolean closed;

    /** @param onWrite called after each write (the channel notes that someone is watching) */
    SseClient(int capacity, Runnable onWrite) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.onWrite = onWrite;
    }

    /** Queues an event; false (and the stream is closed) if the viewer is that far behind. */
    boolean offer(String event) {
        if (closed) {
            return false;
        }
        if (!queue.offer(event)) {
            closed = true;
            return false;
        }
        return true;
    }

    /** The next queued event, or null: what {@link #writeTo} would write next. */
    String poll() {
        return queue.poll();
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        closed = true;
    }

    /** Writes queued events until the stream is closed, the browser goes away, or the thread is interrupted. */
    void writeTo(OutputStream out) {
        try (out) {
            while (!closed) {
                String event = queue.poll(KEEPALIVE_MS, TimeUnit.MILLISECONDS);
                out.write((event != null ? event : ": keepalive\n\n").getBytes(StandardCharsets.UTF_8));
                if (queue.isEmpty()) {
                    out.flush();
                }
                onWrite.run();
            }
        } catch (IOException | InterruptedException e) {
            // The browser went away, or the preview is stopping.
        } finally {
            closed = true;
        }
    }
}
