package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.CameraWindowFeed;
import dev.heed.proto.v1.WindowScope;
import dev.heed.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The camera side with several person-side tasks, fed directly through the repartition topic as the person sides of
 * partitions 0 and 1 would write it: a camera window waits for every task with people of the camera, at most the
 * allowance (the grace, 2 s) behind the most advanced; a task that leaves stops holding it; a person window coming
 * after its camera window is counted and left out.
 */
class CameraWindowsTest {
    private static final long T0 = 1_700_000_040_000L;
    private static final long TEN = 10_000;

    @TempDir
    Path stateDir;
    private TopologyHarness h;
    private TestInputTopic<String, CameraWindowFeed> feed;

    @BeforeEach
    void start() {
        AggregatorConfig c = AggregatorConfig.defaults(stateDir).withWindowSizes(List.of(Duration.ofSeconds(10)));
        h = new TopologyHarness(c);
        feed = h.driver.createInputTopic(c.applicationId() + "-" + AttentionTopology.CAMERA_FEED + "-repartition",
                new StringSerializer(), Topics.CAMERA_WINDOW_FEED.serializer());
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private void window(int partition, long track, long start, int samples, int attending) {
        feed.pipeInput("cam-1", CameraWindowFeed.newBuilder().setSchemaVersion(1).setSourcePartition(partition)
                .setPersonWindow(AttentionWindow.newBuilder().setSchemaVersion(1).setCameraId("cam-1").setTrackId(track)
                        .setWindowStartMs(start).setWindowEndMs(start + TEN).setWindowSizeS(10).setPeoplePresent(1)
                        .setSamples(samples).setAttendingSamples(attending).setPolicyId("default"))
                .build());
    }

    private void progress(int partition, long closedUntil) {
        feed.pipeInput("cam-1", CameraWindowFeed.newBuilder().setSchemaVersion(1).setSourcePartition(partition)
                .setClosedUntilMs(closedUntil).build());
    }

    private void leaving(int partition) {
        feed.pipeInput("cam-1", CameraWindowFeed.newBuilder().setSchemaVersion(1).setSourcePartition(partition)
                .setLeaving(true).build());
    }

    private List<AttentionWindow> cameraWindows() {
        return h.windows.readValuesToList().stream().filter(w -> w.getScope() == WindowScope.WINDOW_SCOPE_CAMERA).toList();
    }

    /** Both partitions have people of the camera, and have said so (as they do every second of the camera's clock). */
    private void bothPartitionsKnown() {
        progress(0, T0 - 1_000);
        progress(1, T0 - 1_000);
    }

    @Test
    void aCameraWindowWaitsForEveryTaskWithPeopleOfTheCamera() {
        bothPartitionsKnown();
        window(0, 1, T0, 100, 100);
        progress(0, T0 + TEN);
        window(1, 2, T0, 50, 0);
        progress(1, T0 + TEN - 40);
        assertTrue(cameraWindows().isEmpty(), "partition 1 has not said it is past the end");
        progress(1, T0 + TEN);
        List<AttentionWindow> out = cameraWindows();
        assertEquals(1, out.size());
        assertEquals(2, out.get(0).getPeoplePresent());
        assertEquals(150, out.get(0).getSamples());
        assertEquals(100, out.get(0).getAttendingSamples());
        assertEquals(T0, out.get(0).getWindowStartMs());
        assertEquals(0, h.metrics.lateWindows("cam-1"));
    }

    @Test
    void aTaskThatStopsReportingHoldsTheCameraForAtMostTheAllowance() {
        bothPartitionsKnown();
        window(0, 1, T0, 100, 100);
        progress(1, T0 + 5_000);
        progress(0, T0 + TEN);
        progress(0, T0 + TEN + 1_999);
        assertTrue(cameraWindows().isEmpty(), "partition 1 might still send");
        // Partition 0 is 2 s (the grace) past the end: wait no longer for partition 1.
        progress(0, T0 + TEN + 2_000);
        assertEquals(List.of(T0), cameraWindows().stream().map(AttentionWindow::getWindowStartMs).toList());

        // Partition 1 comes back with a window of that period: its camera window has been written.
        window(1, 2, T0, 1, 0);
        assertEquals(1, h.metrics.lateWindows("cam-1"));
        progress(1, T0 + TEN + 2_000);
        assertTrue(cameraWindows().isEmpty(), "no second camera window for the period");
    }

    @Test
    void aTaskThatLeavesNoLongerHoldsTheCamera() {
        window(0, 1, T0, 100, 100);
        window(1, 2, T0, 50, 0);
        progress(0, T0 + TEN);
        leaving(1);
        List<AttentionWindow> out = cameraWindows();
        assertEquals(1, out.size(), "partition 1's windows came before it left");
        assertEquals(2, out.get(0).getPeoplePresent());
    }

    @Test
    void aTaskWhoseFirstPersonOfTheCameraAppearsAfterTheWindowClosedHasItsWindowCountedLate() {
        // Partition 1 has never had people of the camera: nothing tells the camera side to wait for it.
        window(0, 1, T0, 100, 100);
        progress(0, T0 + TEN);
        assertEquals(1, cameraWindows().size());
        window(1, 2, T0, 50, 0);
        progress(1, T0 + TEN);
        assertEquals(1, h.metrics.lateWindows("cam-1"));
        assertTrue(cameraWindows().isEmpty());
    }
}
