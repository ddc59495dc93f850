package dev.heed.aggregator.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.aggregator.AggregatorConfig;
import dev.heed.proto.v1.AttentionWindow;
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

    private TopologyHarness harness(Duration... sizes) {
        h = new TopologyHarness(AggregatorConfig.defaults(stateDir).withWindowSizes(List.of(sizes)));
        return h;
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aClosedTenSecondWindowHasTheExactStatistics() {
        harness(Duration.ofSeconds(10));
        double[][] samples = {
                // t offset, yaw, pitch, roll; attending means |yaw| <= 30 and |pitch| <= 25
                {0, 0, 0, 0},          // attending
                {1000, 10, 5, 2},      // attending
                {2000, -60, 0, -4},    // away (yaw)
                {3000, -50, 10, 0},    // away
                {4000, 20, -10, 2},    // attending
                {5000, 0, 40, 0},      // away (pitch)
                {9999, 30, 25, 0},     // attending: the tolerances are inclusive
        };
        for (double[] s : samples) {
            h.pose(1, T0 + (long) s[0], s[1], s[2], s[3]);
        }
        h.pose(1, T0 + 12_000, 0); // stream time reaches end + grace

        List<KeyValue<String, AttentionWindow>> out = h.windows.readKeyValuesToList();
        assertEquals(1, out.size());
        assertEquals("cam-1/1", out.get(0).key);
        AttentionWindow w = out.get(0).value;
        assertEquals(Topics.SCHEMA_VERSION, w.getSchemaVersion());
        assertEquals("cam-1", w.getCameraId());
        assertEquals(1, w.getTrackId());
        assertEquals(T0, w.getWindowStartMs());
        assertEquals(T0 + 10_000, w.getWindowEndMs());
        assertEquals(10, w.getWindowSizeS());
        assertEquals(7, w.getSamples());
        assertEquals(4, w.getAttendingSamples());
        assertEquals(4f / 7, w.getAttendingShare(), 1e-6);
        assertEquals(-50.0 / 7, w.getMeanYawDeg(), EPS);
        assertEquals(70.0 / 7, w.getMeanPitchDeg(), EPS);
        assertEquals(0.0, w.getMeanRollDeg(), EPS);
        assertEquals(populationStd(samples, 1), w.getStdYawDeg(), EPS);
        assertEquals(populationStd(samples, 2), w.getStdPitchDeg(), EPS);
        assertEquals(populationStd(samples, 3), w.getStdRollDeg(), EPS);
        // Pinned as numbers too, so the oracle above cannot drift with the implementation.
        assertEquals(31.9438, w.getStdYawDeg(), 1e-3);
        assertEquals(15.8114, w.getStdPitchDeg(), 1e-3);
        assertEquals(1.8516, w.getStdRollDeg(), 1e-3);
        assertEquals(2, w.getAwayEpisodes());
        assertEquals("default", w.getPolicyId());
    }

    @Test
    void aWindowIsEmittedOnlyOnceStreamTimeReachesEndPlusGrace() {
        harness(Duration.ofSeconds(10));
        h.pose(1, T0 + 5_000, 0);
        h.pose(1, T0 + 10_000, 0);
        h.pose(1, T0 + 11_999, 0);
        assertTrue(h.windows.isEmpty(), "window [T0, T0+10s) must wait for the 2 s grace");

        // Late but within the grace: still counted.
        h.pose(1, T0 + 9_000, -60);
        assertTrue(h.windows.isEmpty());

        h.pose(1, T0 + 12_000, 0);
        AttentionWindow w = h.windows.readValue();
        assertEquals(T0, w.getWindowStartMs());
        assertEquals(2, w.getSamples());
        assertEquals(1, w.getAttendingSamples());
        assertTrue(h.windows.isEmpty());

        // After the window closed: dropped, and the window is not emitted again.
        h.pose(1, T0 + 9_500, 0);
        h.pose(1, T0 + 15_000, 0);
        assertTrue(h.windows.isEmpty());
    }

    @Test
    void awayEpisodesFollowEventOrderNotArrivalOrder() {
        harness(Duration.ofSeconds(10));
        // Arrival order A W A W would count two episodes; in event order it is A W W A: one.
        h.pose(1, T0, 0);
        h.pose(1, T0 + 1000, -60);
        h.pose(1, T0 + 3000, 0);
        h.pose(1, T0 + 2000, -60);
        // Arrival order W W A would count none; in event order it is W A W: one.
        h.pose(2, T0, -60);
        h.pose(2, T0 + 2000, -60);
        h.pose(2, T0 + 1000, 0);
        h.pose(3, T0 + 12_000, 0);

        List<KeyValue<String, AttentionWindow>> out = h.windows.readKeyValuesToList();
        assertEquals(2, out.size());
        for (KeyValue<String, AttentionWindow> kv : out) {
            assertEquals(1, kv.value.getAwayEpisodes(), kv.key);
        }
    }

    @Test
    void eachConfiguredSizeGetsItsOwnWindows() {
        harness(Duration.ofSeconds(10), Duration.ofSeconds(60));
        for (long t = 0; t < 60_000; t += 5_000) {
            h.pose(1, T0 + t, t < 30_000 ? 0 : -60);
        }
        h.pose(1, T0 + 62_000, 0);

        List<AttentionWindow> out = h.windows.readValuesToList();
        List<AttentionWindow> tens = out.stream().filter(w -> w.getWindowSizeS() == 10).toList();
        List<AttentionWindow> sixties = out.stream().filter(w -> w.getWindowSizeS() == 60).toList();
        assertEquals(6, tens.size());
        for (int i = 0; i < 6; i++) {
            assertEquals(T0 + i * 10_000L, tens.get(i).getWindowStartMs());
            assertEquals(2, tens.get(i).getSamples());
            assertEquals(i < 3 ? 2 : 0, tens.get(i).getAttendingSamples());
        }
        assertEquals(1, sixties.size());
        assertEquals(T0, sixties.get(0).getWindowStartMs());
        assertEquals(T0 + 60_000, sixties.get(0).getWindowEndMs());
        assertEquals(12, sixties.get(0).getSamples());
        assertEquals(6, sixties.get(0).getAttendingSamples());
        assertEquals(0.5f, sixties.get(0).getAttendingShare(), 1e-6);
        assertEquals(1, sixties.get(0).getAwayEpisodes());
    }

    @Test
    void theShareGaugeCombinesTheCamerasPersonsInTheLatestWindow() {
        harness(Duration.ofSeconds(10), Duration.ofSeconds(60));
        h.pose(1, T0, 0);
        h.pose(1, T0 + 1000, 0);
        h.pose(2, T0, 0);
        h.pose(2, T0 + 1000, -60);
        h.pose(1, T0 + 12_000, -60);
        assertEquals(2, h.windows.readValuesToList().size());
        assertEquals(0.75, h.metrics.attendingShare("cam-1"), 1e-9);

        h.pose(1, T0 + 22_000, -60);
        assertEquals(0.0, h.metrics.attendingShare("cam-1"), 1e-9);
    }

    private static double populationStd(double[][] samples, int column) {
        double mean = 0;
        for (double[] s : samples) {
            mean += s[column];
        }
        mean /= samples.length;
        double sq = 0;
        for (double[] s : samples) {
            sq += (s[column] - mean) * (s[column] - mean);
        }
        return Math.sqrt(sq / samples.length);
    }
}
