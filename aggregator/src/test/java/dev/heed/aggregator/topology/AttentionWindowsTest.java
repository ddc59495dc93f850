package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.proto.v1.AttentionWindow;
import dev.heed.proto.v1.WindowScope;
import dev.heed.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttentionWindowsTest {
    /** A multiple of 10 s and of 60 s, so window bounds are easy to read. */
    private static final long T0 = 1_700_000_040_000L;
    private static final double EPS = 1e-4;

    @TempDir
    Path stateDir;
    private TopologyHarness h;

    private TopologyHarness harness(boolean filtered, Duration... sizes) {
        AggregatorConfig c = AggregatorConfig.defaults(stateDir).withWindowSizes(List.of(sizes));
        h = new TopologyHarness(filtered ? c : c.withAttention(c.attention().unfiltered()));
        return h;
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private static final double[][] SAMPLES = {
            // t offset, yaw, pitch, roll; without the filter attending means inside the ellipse of half-widths 30 (yaw) and 25 (pitch)
            {0, 0, 0, 0},          // attending
            {1000, 10, 5, 2},      // attending
            {2000, -60, 0, -4},    // away (yaw)
            {3000, -50, 10, 0},    // away
            {4000, 20, -10, 2},    // attending
            {5000, 0, 40, 0},      // away (pitch)
            {9999, 30, 0, 0},      // attending: the cone's edge is inclusive
    };

    @Test
    void aClosedTenSecondWindowHasTheExactStatistics() {
        harness(false, Duration.ofSeconds(10));
        for (double[] s : SAMPLES) {
            h.pose(1, T0 + (long) s[0], s[1], s[2], s[3]);
        }
        h.processUpTo(T0 + 10_000);

        List<KeyValue<String, AttentionWindow>> out = h.windows.readKeyValuesToList().stream()
                .filter(kv -> kv.key.startsWith("cam-1/")).toList();
        assertEquals(1, out.size());
        assertEquals("cam-1/1", out.get(0).key);
        AttentionWindow w = out.get(0).value;
        assertEquals(Topics.SCHEMA_VERSION, w.getSchemaVersion());
        assertEquals(WindowScope.WINDOW_SCOPE_PERSON, w.getScope());
        assertEquals("cam-1", w.getCameraId());
        assertEquals(1, w.getTrackId());
        assertEquals(1, w.getPeoplePresent());
        assertEquals(T0, w.getWindowStartMs());
        assertEquals(T0 + 10_000, w.getWindowEndMs());
        assertEquals(10, w.getWindowSizeS());
        assertEquals(7, w.getSamples());
        assertEquals(4, w.getAttendingSamples());
        assertEquals(4f / 7, w.getAttendingShare(), 1e-6);
        assertEquals(4.0 / 7, h.metrics.personAttending("cam-1", 1), 1e-6, "the drill-down gauge follows the window");
        assertEquals(-50.0 / 7, w.getMeanYawDeg(), EPS);
        assertEquals(45.0 / 7, w.getMeanPitchDeg(), EPS);
        assertEquals(0.0, w.getMeanRollDeg(), EPS);
        assertEquals(populationStd(SAMPLES, 1), w.getStdYawDeg(), EPS);
        assertEquals(populationStd(SAMPLES, 2), w.getStdPitchDeg(), EPS);
        assertEquals(populationStd(SAMPLES, 3), w.getStdRollDeg(), EPS);
        // Pinned as numbers too, so the oracle above cannot drift with the implementation.
        assertEquals(31.9438, w.getStdYawDeg(), 1e-3);
        assertEquals(14.8117, w.getStdPitchDeg(), 1e-3);
        assertEquals(1.8516, w.getStdRollDeg(), 1e-3);
        assertEquals(2, w.getAwayEpisodes());
        assertEquals("default", w.getPolicyId());
    }

    @Test
    void withTheFilterTheWindowCountsThePersonsStateNotEachSample() {
        harness(true, Duration.ofSeconds(10));
        // Attending throughout, but for two single-sample glances the dwell filters out.
        for (long t = 0; t < 10_000; t += 100) {
            h.pose(1, T0 + t, t == 2000 || t == 6000 ? -60 : 0);
        }
        h.processUpTo(T0 + 10_000);
        AttentionWindow w = h.readPersonWindows().get(0);
        assertEquals(100, w.getSamples());
        assertEquals(100, w.getAttendingSamples());
        assertEquals(0, w.getAwayEpisodes());
    }

    @Test
    void aWindowIsEmittedAtThePersonsFirstSampleAtOrAfterItsEnd() {
        harness(false, Duration.ofSeconds(10));
        h.pose(1, T0 + 5_000, 0);
        h.pose(1, T0 + 9_000, -60);
        h.pose(1, T0 + 9_999, 0);
        assertTrue(h.readPersonWindows().isEmpty(), "another sample of the window could still come");

        h.pose(1, T0 + 10_000, 0);
        List<AttentionWindow> out = h.readPersonWindows();
        assertEquals(1, out.size(), "decided by the sample at the end, with nothing else to wait for");
        assertEquals(T0, out.get(0).getWindowStartMs());
        assertEquals(3, out.get(0).getSamples());
        assertEquals(2, out.get(0).getAttendingSamples());
        assertEquals(1, h.metrics.windowsEmitted("person"), "its delay was measured");

        h.processUpTo(T0 + 30_000);
        out = h.readPersonWindows();
        assertEquals(1, out.size(), "each window once; no window for a period without samples");
        assertEquals(T0 + 10_000, out.get(0).getWindowStartMs());
    }

    @Test
    void anotherPersonOfTheCameraPastTheEndClosesEveryonesWindow() {
        harness(false, Duration.ofSeconds(10));
        h.pose(1, T0 + 9_960, 0);
        h.pose(2, T0 + 9_960, 0);
        // The next frame: person 2's sample shows that the camera is past the end, and person 1 had nothing more.
        h.pose(2, T0 + 10_000, 0);
        assertEquals(List.of(1L, 2L), h.readPersonWindows().stream().map(AttentionWindow::getTrackId).sorted().toList());
        h.pose(1, T0 + 10_000, 0);
        assertTrue(h.readPersonWindows().isEmpty(), "person 1's window was already written");
    }

    @Test
    void aPersonWhoStoppedHasTheWindowClosedWhenThePartitionIsAGracePastItsEnd() {
        harness(false, Duration.ofSeconds(10));
        h.pose(1, T0 + 1_000, 0);
        // Only another camera moves on: cam-1's clock follows the partition's newest sample minus the grace (2 s).
        h.advanceTo(T0 + 11_999);
        assertTrue(h.readPersonWindows().isEmpty());
        h.advanceTo(T0 + 12_000);
        assertEquals(List.of(T0), h.readPersonWindows().stream().map(AttentionWindow::getWindowStartMs).toList());
    }

    @Test
    void eachConfiguredSizeGetsItsOwnWindows() {
        harness(false, Duration.ofSeconds(10), Duration.ofSeconds(60));
        for (long t = 0; t < 60_000; t += 2_500) {
            h.pose(1, T0 + t, t < 30_000 ? 0 : -60);
        }
        h.processUpTo(T0 + 60_000);

        List<AttentionWindow> out = h.readPersonWindows();
        List<AttentionWindow> tens = out.stream().filter(w -> w.getWindowSizeS() == 10).toList();
        List<AttentionWindow> sixties = out.stream().filter(w -> w.getWindowSizeS() == 60).toList();
        assertEquals(6, tens.size());
        for (int i = 0; i < 6; i++) {
            assertEquals(T0 + i * 10_000L, tens.get(i).getWindowStartMs());
            assertEquals(4, tens.get(i).getSamples());
            assertEquals(i < 3 ? 4 : 0, tens.get(i).getAttendingSamples());
        }
        assertEquals(1, sixties.size());
        assertEquals(T0, sixties.get(0).getWindowStartMs());
        assertEquals(T0 + 60_000, sixties.get(0).getWindowEndMs());
        assertEquals(24, sixties.get(0).getSamples());
        assertEquals(12, sixties.get(0).getAttendingSamples());
        assertEquals(0.5f, sixties.get(0).getAttendingShare(), 1e-6);
        assertEquals(1, sixties.get(0).getAwayEpisodes());
    }

    @Test
    void aCameraWindowPoolsItsPeoplesWindowsAndComesWithThem() {
        harness(false, Duration.ofSeconds(10));
        // Person 1: 4 samples, 3 attending; person 2: 2 samples, 0 attending; another camera's person.
        double[][] p1 = {{0, 0, 0, 0}, {1000, 10, -5, 1}, {2000, -60, 0, 0}, {3000, 20, 5, -1}};
        double[][] p2 = {{500, -45, 10, 2}, {1500, -70, 30, 4}};
        h.pose(1, T0, 0, 0, 0);
        h.pose(2, T0 + 500, -45, 10, 2);
        h.pose(1, T0 + 1000, 10, -5, 1);
        h.pose(2, T0 + 1500, -70, 30, 4);
        h.pose(1, T0 + 2000, -60, 0, 0);
        h.pose(1, T0 + 3000, 20, 5, -1);
        h.poses.pipeInput("cam-2/1", TopologyHarness.event("cam-2", 1, T0 + 3000, 0, 0, 0), T0 + 3000);
        assertTrue(h.windows.readValuesToList().isEmpty());

        // Person 1's sample at the end closes the camera's windows, and the camera window follows at once.
        h.pose(1, T0 + 10_000, 0);
        List<KeyValue<String, AttentionWindow>> out = h.windows.readKeyValuesToList();
        assertEquals(List.of("cam-1/1", "cam-1/2", "cam-1"), out.stream().map(kv -> kv.key).toList(), "people first");
        AttentionWindow c = out.get(2).value;
        assertEquals(WindowScope.WINDOW_SCOPE_CAMERA, c.getScope());
        assertEquals("cam-1", c.getCameraId());
        assertEquals(0, c.getTrackId());
        assertEquals(T0, c.getWindowStartMs());
        assertEquals(T0 + 10_000, c.getWindowEndMs());
        assertEquals(10, c.getWindowSizeS());
        assertEquals(2, c.getPeoplePresent());
        assertEquals(6, c.getSamples());
        assertEquals(3, c.getAttendingSamples());
        assertEquals(0.5f, c.getAttendingShare(), 1e-6);
        assertEquals(1, c.getAwayEpisodes(), "person 1 turned away once; person 2 was away from the start");
        double[][] all = {p1[0], p1[1], p1[2], p1[3], p2[0], p2[1]};
        assertEquals(mean(all, 1), c.getMeanYawDeg(), EPS);
        assertEquals(mean(all, 2), c.getMeanPitchDeg(), EPS);
        assertEquals(populationStd(all, 1), c.getStdYawDeg(), 1e-3, "pooled over every sample, not averaged");
        assertEquals(populationStd(all, 2), c.getStdPitchDeg(), 1e-3);
        assertEquals(populationStd(all, 3), c.getStdRollDeg(), 1e-3);
        assertEquals("default", c.getPolicyId());

        assertEquals(0.5, h.metrics.attendingShare("cam-1"), 1e-6);
        assertEquals(2, h.metrics.peoplePresent("cam-1"));
        assertEquals(1, h.metrics.windowsEmitted("camera"));

        // cam-2 has no sample past the end; the partition's newest minus the grace closes its window.
        h.processUpTo(T0 + 10_000);
        assertEquals(List.of("cam-2/1", "cam-2"), h.windows.readKeyValuesToList().stream().map(kv -> kv.key)
                .filter(k -> k.startsWith("cam-2")).toList());
    }

    private List<AttentionWindow> cameraWindows() {
        return h.windows.readValuesToList().stream()
                .filter(w -> w.getScope() == WindowScope.WINDOW_SCOPE_CAMERA && !w.getCameraId().equals(TopologyHarness.CLOCK_CAMERA))
                .toList();
    }

    private static double mean(double[][] samples, int column) {
        double m = 0;
        for (double[] s : samples) {
            m += s[column];
        }
        return m / samples.length;
    }

    private static double populationStd(double[][] samples, int column) {
        double mean = mean(samples, column);
        double sq = 0;
        for (double[] s : samples) {
            sq += (s[column] - mean) * (s[column] - mean);
        }
        return Math.sqrt(sq / samples.length);
    }
}
