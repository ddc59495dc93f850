package dev.heed.cli;

import dev.heed.aggregator.AggregatorCommand;
import dev.heed.cli.demo.DemoCommand;
import dev.heed.common.cli.CommandRunner;
import dev.heed.evaluation.EvalCommand;
import dev.heed.evaluation.bench.BenchCommand;
import dev.heed.evaluation.quantize.QuantizeCommand;
import dev.heed.evaluation.scenes.ScenesCommand;
import dev.heed.inference.InferenceCommand;
import dev.heed.inference.ModelsCommand;
import dev.heed.ingest.IngestCommand;
import picocli.CommandLine.Command;

/** The heed command: the demo, each service on its own, and the tools. */
@Command(name = "heed", mixinStandardHelpOptions = true, version = "heed 0.1.0",
        description = "Live head pose and attention analytics for RTSP cameras.",
        subcommands = {DemoCommand.class, IngestCommand.class, InferenceCommand.class, AggregatorCommand.class, TopicsCommand.class,
                EvalCommand.class, ScenesCommand.class, BenchCommand.class, QuantizeCommand.class, ModelsCommand.class})
public final class Heed implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(CommandRunner.run(new Heed(), args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
