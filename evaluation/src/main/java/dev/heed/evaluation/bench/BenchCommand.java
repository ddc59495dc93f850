package dev.heed.evaluation.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code heed bench}: speed measurements. A new benchmark is one more class in {@code subcommands}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Speed measurements of Heed's parts on this machine: the pose model (inference), one camera's ingest work "
                + "(ingest), the aggregator's topology (aggregator), and how late the whole pipeline's outputs reach a "
                + "subscriber in real time (latency). Each states what it is compared with; --json on each."},
        subcommands = {InferenceBenchCommand.class, IngestBenchCommand.class, AggregatorBenchCommand.class, LatencyBenchCommand.class})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
