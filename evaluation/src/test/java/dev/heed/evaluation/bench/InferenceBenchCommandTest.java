package dev.heed.evaluation.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.heed.evaluation.BenchTestSupport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's output, not its speed: speed is measured by running the command, not asserted in tests. */
class InferenceBenchCommandTest {
    @Test
    void jsonReportsEveryBatchSizeForBothVariantsWithTheDocumentedKeys() throws Exception {
        BenchTestSupport.Output run = BenchTestSupport.run(new BenchCommand(), "inference", "--json", "--batches", "1,4",
                "--rounds", "1", "--images-per-round", "8", "--crops", "8", "--compare-mirror");
        assertEquals(0, run.exitCode(), run.err());
        Struct r = run.json();
        for (String key : new String[] {"images_per_s", "batch", "threads", "provider", "results", "reference", "per_core_ratio",
                "mirror_cost_ratio"}) {
            assertTrue(r.containsFields(key), "missing " + key + " in " + run.out());
        }
        assertEquals(1, r.getFieldsOrThrow("threads").getNumberValue());
        assertTrue(r.getFieldsOrThrow("provider").getStringValue().startsWith("CPU") || r.getFieldsOrThrow("provider").getStringValue().startsWith("CUDA"));
        assertTrue(List.of(1.0, 4.0).contains(r.getFieldsOrThrow("batch").getNumberValue()));
        assertEquals(130, r.getFieldsOrThrow("reference").getStructValue().getFieldsOrThrow("images_per_s_per_core").getNumberValue());
        List<Value> rows = r.getFieldsOrThrow("results").getListValue().getValuesList();
        assertEquals(4, rows.size(), "2 batch sizes x (plain, mirror)");
        for (Value v : rows) {
            Struct row = v.getStructValue();
            assertTrue(row.getFieldsOrThrow("images_per_s").getNumberValue() > 0, row.toString());
            assertTrue(row.getFieldsOrThrow("latency_ms_p90").getNumberValue() >= row.getFieldsOrThrow("latency_ms_median").getNumberValue());
        }
        assertTrue(r.getFieldsOrThrow("mirror_cost_ratio").getNumberValue() > 0, r.toString());
        assertEquals("plain", rows.get(0).getStructValue().getFieldsOrThrow("variant").getStringValue());
        assertEquals("mirror", rows.get(2).getStructValue().getFieldsOrThrow("variant").getStringValue());
    }

    @Test
    void textNamesTheReferenceAndBadBatchSizesAreRejected() {
        BenchTestSupport.Output run = BenchTestSupport.run(new BenchCommand(), "inference", "--batches", "2", "--rounds", "1",
                "--images-per-round", "4", "--crops", "4");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("PyTorch 1.13") && run.out().contains("per core"), run.out());
        assertEquals(2, BenchTestSupport.run(new BenchCommand(), "inference", "--batches", "0").exitCode());
    }
}
