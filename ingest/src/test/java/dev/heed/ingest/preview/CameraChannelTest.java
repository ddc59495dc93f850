package dev.heed.ingest.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.ingest.CameraConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CameraChannelTest {
    private static final PreviewSettings SETTINGS = PreviewSettings.defaults(AllowedClients.loopbackOnly(), AttendingCone.AGGREGATOR_DEFAULT);

    private static CameraChannel channel() {
        return new CameraChannel(CameraConfig.of("cam-1", "rtsp://cam-1.example/stream"), SETTINGS, () -> List.of("cam-1", "cam-2"));
    }

    /** The event types a client has queued, in order. */
    private static List<String> types(SseClient c) {
        List<String> types = new ArrayList<>();
        for (String e = c.poll(); e != null; e = c.poll()) {
            types.add(e.substring("event: ".length(), e.indexOf('\n')));
        }
        return types;
    }

    @Test
    void aNewViewerGetsTheHistoryThenWhatHappensNextInOrder() {
        CameraChannel ch = channel();
        SseClient early = new SseClient(100, ch::touch);
        assertTrue(ch.subscribe(early)); // someone watches: frames are kept
        ch.addTimelineEvent(1_000, "pose", "{\"n\":1}");
        ch.addFrame(new PreviewFrame(1_000, new byte[10], "{\"capture_time_ms\":1000}"));
        ch.addTimelineEvent(1_100, "alert", "{\"n\":2}");

        SseClient late = new SseClient(100, ch::touch);
        assertTrue(ch.subscribe(late));
        ch.addTimelineEvent(1_200, "pose", "{\"n\":3}");
        ch.setCone("{\"source\":\"policy\"}");

        assertEquals(List.of("hello", "cone", "pose", "alert", "frame", "live", "pose", "cone"), types(late));
        assertEquals(List.of("hello", "cone", "live", "pose", "frame", "alert", "pose", "cone"), types(early));
        assertEquals(2, ch.viewers());
    }

    @Test
    void theHelloNamesTheCameraAndTheOthers() {
        CameraChannel ch = channel();
        SseClient c = new SseClient(100, ch::touch);
        ch.subscribe(c);
        String hello = c.poll();
        assertEquals("event: hello\ndata: {\"camera_id\":\"cam-1\",\"cameras\":[\"cam-1\",\"cam-2\"],\"frame_history_ms\":60000,"
                + "\"timeline_ms\":300000}\n\n", hello);
    }

    @Test
    void aViewerThatFallsBehindIsDroppedAndNobodyWaits() {
        CameraChannel ch = channel();
        SseClient slow = new SseClient(5, ch::touch);
        assertTrue(ch.subscribe(slow)); // hello, cone, live
        for (int i = 0; i < 10; i++) {
            ch.addTimelineEvent(i, "pose", "{}");
        }
        assertTrue(slow.isClosed());
        assertEquals(0, ch.viewers());
        SseClient tooSmallForTheHistory = new SseClient(5, ch::touch);
        assertFalse(ch.subscribe(tooSmallForTheHistory));
    }

    @Test
    void closingTheViewersEndsTheirStreams() {
        CameraChannel ch = channel();
        SseClient c = new SseClient(100, ch::touch);
        ch.subscribe(c);
        ch.closeViewers();
        assertTrue(c.isClosed());
        assertEquals(0, ch.viewers());
        ch.addTimelineEvent(1, "pose", "{}");
        assertEquals(List.of("hello", "cone", "live"), types(c), "nothing after the close");
    }

    @Test
    void framesAreKeptOnlyWhileSomeoneWatches() {
        CameraChannel ch = channel();
        assertFalse(ch.watched());
        ch.addFrame(new PreviewFrame(1_000, new byte[10], "{}"));
        assertEquals(0, ch.framesKept());
        SseClient c = new SseClient(100, ch::touch);
        ch.subscribe(c);
        assertTrue(ch.watched());
        ch.addFrame(new PreviewFrame(1_200, new byte[10], "{}"));
        assertEquals(1, ch.framesKept());
        assertEquals(1_200, ch.frameAt(1_200).captureTimeMs());
        ch.unsubscribe(c);
        assertTrue(ch.watched(), "for a minute after the last viewer left");
    }

    @Test
    void theTimelineKeepsItsSpanOfEventTime() {
        CameraChannel ch = channel();
        for (long t = 0; t <= 400_000; t += 1_000) {
            ch.addTimelineEvent(t, "pose", "{}");
        }
        assertEquals(301, ch.timelineEventsKept(), "the last 5 minutes");
        for (int i = 0; i < CameraChannel.MAX_TIMELINE_EVENTS + 10; i++) {
            ch.addTimelineEvent(400_000, "pose", "{}");
        }
        assertEquals(CameraChannel.MAX_TIMELINE_EVENTS, ch.timelineEventsKept());
    }
}
