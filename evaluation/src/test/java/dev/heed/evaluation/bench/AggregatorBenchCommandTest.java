package dev.heed.evaluation.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.heed.evaluation.CommandOutput;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's options and output, not its speed: speed is measured by running the command, not asserted in tests. */
class AggregatorBenchCommandTest {
    @Test
    void helpNamesTheOptionsAndWhatTheFigureIsComparedWith() {
        CommandOutput run = CommandOutput.launch(new BenchCommand(), "aggregator", "--help");
        assertEquals(0, run.exitCode(), run.err());
        for (String option : new String[] {"--events", "--people", "--processing-guarantee", "--json"}) {
            assertTrue(run.out().contains(option), "help lacks " + option + ":\n" + run.out());
        }
        assertTrue(run.out().contains("a plain Kafka consumer that only") && run.out().contains("polls and parses"), run.out());
    }

    @Test
    void badValuesAreRejectedBeforeAnythingStarts() {
        String[][] bad = {{"--events", "0"}, {"--events", "20000000"}, {"--people", "0"}, {"--processing-guarantee", "exactly_once"}};
        for (String[] args : bad) {
            CommandOutput run = CommandOutput.launch(new BenchCommand(), "aggregator", args[0], args[1]);
            assertEquals(2, run.exitCode(), String.join(" ", args) + ": " + run.err());
        }
    }

    @Test
    void jsonHasTheDocumentedKeysWithBothRatesAndTheirRatio() throws Exception {
        CommandOutput run = CommandOutput.launch(new BenchCommand(), "aggregator", "--json", "--events", "2000",
                "--people", "4");
        assertEquals(0, run.exitCode(), run.err());
        Struct r = run.json();
        for (String key : new String[] {"events_per_s", "processing_guarantee", "stream_threads", "reference", "ratio",
                "cpu_us_per_event", "cpu_ratio", "changelog_bytes_per_event", "plain_consumer_runs", "events", "people",
                "cameras", "partitions", "cores"}) {
            assertTrue(r.containsFields(key), "missing " + key + " in " + run.out());
        }
        assertEquals("exactly_once_v2", r.getFieldsOrThrow("processing_guarantee").getStringValue());
        assertEquals(2000, r.getFieldsOrThrow("events").getNumberValue());
        double aggregator = r.getFieldsOrThrow("events_per_s").getNumberValue();
        Struct reference = r.getFieldsOrThrow("reference").getStructValue();
        double plain = reference.getFieldsOrThrow("events_per_s").getNumberValue();
        assertTrue(aggregator > 0 && plain > 0, run.out());
        assertTrue(reference.getFieldsOrThrow("what").getStringValue().contains("plain Kafka consumer"), run.out());
        assertEquals(aggregator / plain, r.getFieldsOrThrow("ratio").getNumberValue(), 1e-9 * aggregator / plain);
        double aggregatorCpu = r.getFieldsOrThrow("cpu_us_per_event").getNumberValue();
        double plainCpu = reference.getFieldsOrThrow("cpu_us_per_event").getNumberValue();
        assertTrue(aggregatorCpu > 0 && plainCpu > 0, run.out());
        assertEquals(plainCpu / aggregatorCpu, r.getFieldsOrThrow("cpu_ratio").getNumberValue(), 1e-9 * plainCpu / aggregatorCpu);
        assertTrue(r.getFieldsOrThrow("changelog_bytes_per_event").getNumberValue() > 0, "the person states were committed: " + run.out());
        List<Value> runs = r.getFieldsOrThrow("plain_consumer_runs").getListValue().getValuesList();
        assertEquals(AggregatorBenchmark.PLAIN_RUNS, runs.size());
        assertEquals(plain, runs.stream().mapToDouble(Value::getNumberValue).max().orElseThrow());
    }
}
