package dev.heed.evaluation.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.evaluation.CommandOutput;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The latency benchmark's options and arithmetic, not its figures: those are measured by running the command. */
class LatencyBenchCommandTest {
    @Test
    void helpSaysWhatTheDelayIsMeasuredAgainstAndTheGoal() {
        CommandOutput run = CommandOutput.launch(new BenchCommand(), "latency", "--help");
        assertEquals(0, run.exitCode(), run.err());
        for (String s : new String[] {"--source", "--records", "--json", "read_committed", "decided_at_ms", "500 ms"}) {
            assertTrue(run.out().contains(s), "help lacks " + s + ":\n" + run.out());
        }
    }

    @Test
    void badValuesAreRejectedBeforeAnythingStarts() {
        String[][] bad = {{"--sample-fps", "0"}, {"--source", "no-such-clip.mp4"}, {"--sample-clip", "no-such-clip.mp4"}};
        for (String[] args : bad) {
            CommandOutput run = CommandOutput.launch(new BenchCommand(), "latency", args[0], args[1]);
            assertEquals(2, run.exitCode(), String.join(" ", args) + ": " + run.err());
            assertTrue(run.err().contains(args[0]), run.err());
        }
    }

    @Test
    void percentilesAreNearestRank() {
        LatencyBenchmark.Delays d = new LatencyBenchmark.Delays(List.of(400L, 100L, 300L, 200L, 1000L));
        assertEquals(300, d.percentile(50));
        assertEquals(1000, d.percentile(95));
        assertEquals(100, d.percentile(1));
        assertEquals(1000, d.max());
        assertTrue(Double.isNaN(new LatencyBenchmark.Delays(List.of()).percentile(50)));
        assertEquals(List.of(400L, 100L, 300L, 200L, 1000L, 7L), LatencyBenchmark.Delays.merge(
                List.of(d, new LatencyBenchmark.Delays(List.of(7L)))).ms());
    }
}
